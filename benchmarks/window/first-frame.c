/*
 * Starts a program and waits for its first painted window: prints "<mapped_ms> <painted_ms> <pid> <window>" where
 * mapped_ms is the time from just before exec until a top-level window whose WM_CLASS contains CLASS (any case) is
 * viewable, and painted_ms until that window's pixels (read back with XGetImage) hold at least MIN_COLOURS
 * different colours, i.e. text or widgets are drawn, not only a background. The program keeps running.
 * Usage: first-frame TIMEOUT_MS CLASS PROGRAM [ARGS...]     (exit 1 on timeout)
 */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define MIN_COLOURS 8

static int ignore_errors(Display *d, XErrorEvent *e) { (void)d; (void)e; return 0; }

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int class_matches(Display *d, Window w, const char *wanted) {
    XClassHint hint;
    if (!XGetClassHint(d, w, &hint)) return 0;
    int match = (hint.res_name && strcasestr(hint.res_name, wanted)) || (hint.res_class && strcasestr(hint.res_class, wanted));
    if (hint.res_name) XFree(hint.res_name);
    if (hint.res_class) XFree(hint.res_class);
    return match;
}

/* Distinct colours in the window's pixels, counted up to MIN_COLOURS. */
static int colours(Display *d, Window w, int width, int height) {
    XImage *image = XGetImage(d, w, 0, 0, width, height, AllPlanes, ZPixmap);
    if (!image) return 0;
    unsigned long seen[MIN_COLOURS];
    int n = 0;
    for (int y = 0; y < height && n < MIN_COLOURS; y++) {
        for (int x = 0; x < width && n < MIN_COLOURS; x++) {
            unsigned long p = XGetPixel(image, x, y);
            int known = 0;
            for (int i = 0; i < n; i++) if (seen[i] == p) { known = 1; break; }
            if (!known) seen[n++] = p;
        }
    }
    XDestroyImage(image);
    return n;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s TIMEOUT_MS CLASS PROGRAM [ARGS...]\n", argv[0]);
        return 2;
    }
    double timeout = atof(argv[1]);
    const char *wanted = argv[2];
    Display *d = XOpenDisplay(NULL);
    if (!d) { fprintf(stderr, "first-frame: cannot open display\n"); return 2; }
    XSetErrorHandler(ignore_errors);
    Window root = DefaultRootWindow(d);

    double began = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        setsid(); /* its own process group, so the script can stop it with its children */
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[3], argv + 3);
        _exit(127);
    }
    double mapped = -1;
    Window found = 0;
    while (now_ms() - began < timeout) {
        Window r, parent, *children = NULL;
        unsigned int count = 0;
        if (XQueryTree(d, root, &r, &parent, &children, &count)) {
            for (unsigned int i = 0; i < count; i++) {
                XWindowAttributes a;
                if (!XGetWindowAttributes(d, children[i], &a) || a.map_state != IsViewable || a.width < 50) continue;
                if (!class_matches(d, children[i], wanted)) continue;
                if (mapped < 0) { mapped = now_ms() - began; found = children[i]; }
                if (colours(d, children[i], a.width, a.height) >= MIN_COLOURS) {
                    printf("%.0f %.0f %d 0x%lx\n", mapped, now_ms() - began, (int)pid, children[i]);
                    XFree(children);
                    return 0;
                }
            }
            if (children) XFree(children);
        }
        usleep(5000);
    }
    fprintf(stderr, "first-frame: no painted window of class %s after %.0f ms (mapped: %.0f, 0x%lx)\n", wanted, timeout,
            mapped, found);
    printf("-1 -1 %d 0x0\n", (int)pid);
    return 1;
}
