/*
 * exit-status.so - LD_PRELOADed into the stand-in's dropbear so that an SSH command's exit status can be a
 * Windows exit code (3010, 1641 ...), not just the 8 bits a Linux process exits with.
 *
 * winsh's awk leaves a code outside 0..255 in /run/standin/exit/PID before it exits. This waitpid() (dropbear
 * calls it from its SIGCHLD handler) returns that code in the status, shifted like an exit code, and build.sh
 * patches dropbear's WEXITSTATUS to keep status >> 8 whole (24 bits). Only async-signal-safe calls here.
 */
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t waitpid(pid_t pid, int *status, int options) {
    int st = 0;
    pid_t r = (pid_t)syscall(SYS_wait4, pid, &st, options, 0);
    if (r > 0 && WIFEXITED(st)) {
        char path[40] = "/run/standin/exit/", digits[12], buf[16];
        int n = 0, len = 18, fd;
        for (pid_t p = r; p > 0 && n < 11; p /= 10) digits[n++] = (char)('0' + p % 10);
        while (n > 0) path[len++] = digits[--n];
        path[len] = 0;
        fd = open(path, O_RDONLY);
        if (fd >= 0) {
            ssize_t got = read(fd, buf, sizeof buf - 1);
            unsigned code = 0;
            close(fd);
            unlink(path);
            for (ssize_t i = 0; i < got && buf[i] >= '0' && buf[i] <= '9'; i++) code = code * 10 + (unsigned)(buf[i] - '0');
            if (got > 0) st = (int)((code & 0xffffffu) << 8);
        }
    }
    if (status) *status = st;
    return r;
}
