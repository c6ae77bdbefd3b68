// regiebord-hub: the reference central server. The command line and its subcommands
// are in hub_cli.cpp and hub_commands.hpp.

#include "hub_cli.hpp"

#include <iostream>

int main(int argc, char** argv) {
    return regiebord::hub::runHubCli(argc, argv, std::cout, std::cerr);
}
