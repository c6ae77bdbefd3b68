// A touchscreen for the appliance VM: QEMU 7.2 has no multitouch device, and its tablet is
// taken for a mouse. This creates a real one through /dev/uinput (INPUT_PROP_DIRECT, MT slots,
// BTN_TOUCH), as a panel's driver would, so that libinput, udev and SDL see finger events with
// the screen's coordinates. It reads lines from a FIFO and touches:
//   tap X Y                  press and release at (X, Y) in screen pixels
//   drag X0 Y0 X1 Y1 MS      press, move in steps over MS milliseconds, release
// Built statically on the host by scripts/build-image.sh, installed into the test image only
// (/usr/local/sbin), started before the kiosk by regiebord-touch-feeder.service.
//   touch-feeder FIFO WIDTH HEIGHT
#include <errno.h>
#include <fcntl.h>
#include <linux/uinput.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int fd;

static void emit(int type, int code, int value) {
    struct input_event e;
    memset(&e, 0, sizeof e);
    e.type = (unsigned short)type;
    e.code = (unsigned short)code;
    e.value = value;
    if (write(fd, &e, sizeof e) != (ssize_t)sizeof e) perror("touch-feeder: write");
}

static void sleepMs(int ms) {
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

// Sleeps until ms after start (CLOCK_MONOTONIC): a drag's moves keep their schedule when the
// guest is busy and a wake-up comes late, as a finger does not slow down for a busy CPU. With
// relative sleeps a 250 ms flick stretched on a loaded machine and flicked more slowly.
static void sleepUntil(const struct timespec* start, long ms) {
    struct timespec at = *start;
    at.tv_sec += ms / 1000;
    at.tv_nsec += (ms % 1000) * 1000000L;
    if (at.tv_nsec >= 1000000000L) {
        at.tv_sec += 1;
        at.tv_nsec -= 1000000000L;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == EINTR) {
    }
}

// The kernel drops an axis value equal to the last one sent, and SDL 2.26 does not read a
// touchscreen's current position when it opens it: after the kiosk restarts (watchdog, package
// upgrade), its first touch at the same X or Y as the last one before would land at 0 on that
// axis. Seen in the appliance test; a real panel's noise makes it rare. A touch-down at the last
// value on an axis is moved by one pixel, and each touch gets a new tracking id, as a driver's.
static int lastX = -1, lastY = -1, trackingId = 0;

static void down(int x, int y) {
    if (x == lastX) x += x > 0 ? -1 : 1;
    if (y == lastY) y += y > 0 ? -1 : 1;
    lastX = x;
    lastY = y;
    trackingId = (trackingId + 1) % 65535;
    emit(EV_ABS, ABS_MT_SLOT, 0);
    emit(EV_ABS, ABS_MT_TRACKING_ID, trackingId);
    emit(EV_ABS, ABS_MT_POSITION_X, x);
    emit(EV_ABS, ABS_MT_POSITION_Y, y);
    emit(EV_KEY, BTN_TOUCH, 1);
    emit(EV_ABS, ABS_X, x);
    emit(EV_ABS, ABS_Y, y);
    emit(EV_SYN, SYN_REPORT, 0);
}

static void move(int x, int y) {
    lastX = x;
    lastY = y;
    emit(EV_ABS, ABS_MT_POSITION_X, x);
    emit(EV_ABS, ABS_MT_POSITION_Y, y);
    emit(EV_ABS, ABS_X, x);
    emit(EV_ABS, ABS_Y, y);
    emit(EV_SYN, SYN_REPORT, 0);
}

static void up(void) {
    emit(EV_ABS, ABS_MT_TRACKING_ID, -1);
    emit(EV_KEY, BTN_TOUCH, 0);
    emit(EV_SYN, SYN_REPORT, 0);
}

static void axis(int code, int max) {
    struct uinput_abs_setup a;
    memset(&a, 0, sizeof a);
    a.code = (unsigned short)code;
    a.absinfo.minimum = 0;
    a.absinfo.maximum = max;
    a.absinfo.resolution = 10; // units per mm: a plausible panel
    if (ioctl(fd, UI_ABS_SETUP, &a) < 0) perror("touch-feeder: UI_ABS_SETUP");
}

int main(int argc, char** argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: touch-feeder FIFO WIDTH HEIGHT\n");
        return 2;
    }
    const int width = atoi(argv[2]), height = atoi(argv[3]);
    fd = open("/dev/uinput", O_WRONLY | O_NONBLOCK);
    if (fd < 0) {
        perror("touch-feeder: /dev/uinput");
        return 1;
    }
    ioctl(fd, UI_SET_EVBIT, EV_KEY);
    ioctl(fd, UI_SET_KEYBIT, BTN_TOUCH);
    ioctl(fd, UI_SET_EVBIT, EV_ABS);
    ioctl(fd, UI_SET_ABSBIT, ABS_X);
    ioctl(fd, UI_SET_ABSBIT, ABS_Y);
    ioctl(fd, UI_SET_ABSBIT, ABS_MT_SLOT);
    ioctl(fd, UI_SET_ABSBIT, ABS_MT_TRACKING_ID);
    ioctl(fd, UI_SET_ABSBIT, ABS_MT_POSITION_X);
    ioctl(fd, UI_SET_ABSBIT, ABS_MT_POSITION_Y);
    ioctl(fd, UI_SET_PROPBIT, INPUT_PROP_DIRECT);
    axis(ABS_X, width - 1);
    axis(ABS_Y, height - 1);
    axis(ABS_MT_POSITION_X, width - 1);
    axis(ABS_MT_POSITION_Y, height - 1);
    axis(ABS_MT_TRACKING_ID, 65535);
    axis(ABS_MT_SLOT, 9);
    struct uinput_setup setup;
    memset(&setup, 0, sizeof setup);
    setup.id.bustype = BUS_VIRTUAL;
    setup.id.vendor = 0x1209;
    setup.id.product = 0x5254;
    strcpy(setup.name, "Regiebord test touchscreen");
    if (ioctl(fd, UI_DEV_SETUP, &setup) < 0 || ioctl(fd, UI_DEV_CREATE) < 0) {
        perror("touch-feeder: UI_DEV_CREATE");
        return 1;
    }
    mkfifo(argv[1], 0600);
    printf("touch-feeder: %dx%d touchscreen ready, reading %s\n", width, height, argv[1]);
    fflush(stdout);
    for (;;) {
        FILE* in = fopen(argv[1], "r"); // blocks until a writer opens it
        if (!in) {
            perror("touch-feeder: fifo");
            return 1;
        }
        char line[256];
        while (fgets(line, sizeof line, in)) {
            int x0, y0, x1, y1, ms;
            if (sscanf(line, "tap %d %d", &x0, &y0) == 2) {
                down(x0, y0);
                sleepMs(80);
                up();
                printf("touch-feeder: tap %d %d\n", x0, y0);
            } else if (sscanf(line, "drag %d %d %d %d %d", &x0, &y0, &x1, &y1, &ms) == 5) {
                struct timespec start;
                clock_gettime(CLOCK_MONOTONIC, &start);
                down(x0, y0);
                const int steps = ms / 16 > 1 ? ms / 16 : 1;
                for (int i = 1; i <= steps; ++i) {
                    sleepUntil(&start, (long)ms * i / steps);
                    move(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps);
                }
                up();
                printf("touch-feeder: drag %d %d -> %d %d\n", x0, y0, x1, y1);
            } else {
                fprintf(stderr, "touch-feeder: not understood: %s", line);
            }
            fflush(stdout);
        }
        fclose(in);
    }
}
