#include "postgres.hpp"

#include <libpq-fe.h>

#include <memory>
#include <random>
#include <stdexcept>

namespace regiebord::test {

std::string createPostgresDatabase(const std::string& serverUrl) {
    std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(serverUrl.c_str()), &PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK)
        throw std::runtime_error(std::string("test PostgreSQL not reachable: ") + PQerrorMessage(conn.get()));
    std::random_device rd;
    const std::string name = "t" + std::to_string(rd()) + std::to_string(rd());
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn.get(), ("CREATE DATABASE " + name).c_str()),
                                                    &PQclear);
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK)
        throw std::runtime_error(std::string("CREATE DATABASE failed: ") + PQerrorMessage(conn.get()));
    // The same server, the new database: replace the path part of "postgresql:///postgres?...".
    const auto slash = serverUrl.find('/', serverUrl.find("://") + 3);
    const auto query = serverUrl.find('?', slash);
    return serverUrl.substr(0, slash + 1) + name +
           (query == std::string::npos ? "" : serverUrl.substr(query));
}

} // namespace regiebord::test
