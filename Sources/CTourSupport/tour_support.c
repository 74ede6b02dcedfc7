#define _GNU_SOURCE
#include "tour_support.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

static void close_if_open(int *fd) {
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

int tour_spawn(const char *path, char *const argv[], char *const envp[],
               const tour_spawn_options *options, tour_spawn_result *result) {
    // [stream][0 = read end, 1 = write end]; -1 when not a pipe.
    int pipes[4][2] = {{-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}};
    tour_stream_mode modes[3] = {options->stdin_mode, options->stdout_mode, options->stderr_mode};
    int error = 0;
    result->pid = -1;
    result->stdin_fd = result->stdout_fd = result->stderr_fd = result->events_fd = -1;

    int merged_events = options->events_pipe == 2 && modes[1] == TOUR_STREAM_PIPE;
    for (int stream = 0; stream < 4; stream++) {
        int wanted = stream < 3 ? modes[stream] == TOUR_STREAM_PIPE : options->events_pipe != 0 && !merged_events;
        if (wanted && pipe2(pipes[stream], O_CLOEXEC) != 0) {
            error = errno;
            goto fail;
        }
    }

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    if ((error = posix_spawn_file_actions_init(&actions)) != 0) goto fail;
    if ((error = posix_spawnattr_init(&attributes)) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        goto fail;
    }
    for (int stream = 0; stream < 3; stream++) {
        if (modes[stream] == TOUR_STREAM_NULL) {
            posix_spawn_file_actions_addopen(&actions, stream, "/dev/null", stream == 0 ? O_RDONLY : O_WRONLY, 0);
        } else if (modes[stream] == TOUR_STREAM_PIPE) {
            // The child's end: the read end for stdin, the write end otherwise.
            // dup2 clears close-on-exec on the copy (glibc does so even when
            // both numbers are the same).
            posix_spawn_file_actions_adddup2(&actions, pipes[stream][stream == 0 ? 0 : 1], stream);
        }
    }
    int highest = 2;
    if (merged_events) {
        // Events share standard output's pipe, so what the program prints
        // through the harness and what it writes directly arrive in the
        // order it wrote them.
        posix_spawn_file_actions_adddup2(&actions, pipes[1][1], 3);
        highest = 3;
    } else if (options->events_pipe) {
        posix_spawn_file_actions_adddup2(&actions, pipes[3][1], 3);
        highest = 3;
    }
    if (options->trace_fd >= 0) {
        if (!options->events_pipe) posix_spawn_file_actions_addopen(&actions, 3, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, options->trace_fd, 4);
        highest = 4;
    }
    // Nothing else the tour has open reaches the child, close-on-exec or not.
    posix_spawn_file_actions_addclosefrom_np(&actions, highest + 1);
    if (options->directory != NULL) posix_spawn_file_actions_addchdir_np(&actions, options->directory);

    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setsigmask(&attributes, &none);
    short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
    if (options->group == TOUR_GROUP_NEW) {
        posix_spawnattr_setpgroup(&attributes, 0);
        flags |= POSIX_SPAWN_SETPGROUP;
    } else if (options->group == TOUR_GROUP_NEW_SESSION) {
        flags |= POSIX_SPAWN_SETSID;
    }
    posix_spawnattr_setflags(&attributes, flags);

    pid_t pid = -1;
    error = posix_spawn(&pid, path, &actions, &attributes, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (error != 0) goto fail;

    // Keep the tour's ends, close the child's.
    close_if_open(&pipes[0][0]);
    for (int stream = 1; stream < 4; stream++) close_if_open(&pipes[stream][1]);
    result->pid = pid;
    result->stdin_fd = pipes[0][1];
    result->stdout_fd = pipes[1][0];
    result->stderr_fd = pipes[2][0];
    result->events_fd = pipes[3][0];
    return 0;

fail:
    for (int stream = 0; stream < 4; stream++) {
        close_if_open(&pipes[stream][0]);
        close_if_open(&pipes[stream][1]);
    }
    return error != 0 ? error : EINVAL;
}

int tour_become_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0 ? 0 : errno;
}

/// Fields 1-7 of /proc/PID/stat: "pid (comm) state ppid pgrp session ...".
/// comm may hold spaces and parentheses, so parse from the last ')'.
static int read_stat(pid_t pid, tour_process_info *info) {
    char path[64], text[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t count = read(fd, text, sizeof text - 1);
    close(fd);
    if (count <= 0) return -1;
    text[count] = 0;
    char *close_paren = strrchr(text, ')');
    if (close_paren == NULL) return -1;
    char state = 0;
    int ppid = 0, pgrp = 0, session = 0;
    if (sscanf(close_paren + 1, " %c %d %d %d", &state, &ppid, &pgrp, &session) != 4) return -1;
    info->pid = pid;
    info->state = state;
    info->ppid = ppid;
    info->pgrp = pgrp;
    info->session = session;
    return 0;
}

int tour_list_processes(tour_process_info *out, int capacity) {
    DIR *directory = opendir("/proc");
    if (directory == NULL) return -1;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        char *end = NULL;
        long pid = strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != 0 || pid <= 0) continue;
        tour_process_info info;
        if (read_stat((pid_t)pid, &info) != 0) continue;
        if (count < capacity) out[count] = info;
        count++;
    }
    closedir(directory);
    return count;
}

int tour_process_environment_value(pid_t pid, const char *name, char *value, int capacity) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t length = strlen(name);
    // Entries are NUL-separated; look at each in a rolling buffer. An
    // entry longer than the buffer is skipped.
    char buffer[8192];
    size_t held = 0;
    int found = 0, skipping = 0;
    for (;;) {
        ssize_t count = read(fd, buffer + held, sizeof buffer - held);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) break;
        held += (size_t)count;
        size_t start = 0;
        for (size_t index = 0; index < held && !found; index++) {
            if (buffer[index] != 0) continue;
            size_t size = index - start;
            if (!skipping && size > length && buffer[start + length] == '=' && memcmp(buffer + start, name, length) == 0) {
                size_t copied = size - length - 1;
                if (capacity > 0) {
                    if (copied > (size_t)capacity - 1) copied = (size_t)capacity - 1;
                    memcpy(value, buffer + start + length + 1, copied);
                    value[copied] = 0;
                }
                found = 1;
            }
            skipping = 0;
            start = index + 1;
        }
        if (found) break;
        if (start == 0 && held == sizeof buffer) {
            held = 0;
            skipping = 1;
        } else {
            memmove(buffer, buffer + start, held - start);
            held -= start;
        }
    }
    close(fd);
    return found;
}

int tour_allowed_cpus(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int count = CPU_COUNT(&set);
        if (count > 0) return count;
    }
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}

int tour_trace_file_create(long long size) {
    int fd = memfd_create("async-tour-trace", MFD_CLOEXEC);
    if (fd < 0) return -1;
    if (ftruncate(fd, (off_t)size) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

unsigned long long tour_file_digest(const char *path, long long *size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    unsigned long long hash = 1469598103934665603ULL;
    long long total = 0;
    unsigned char buffer[65536];
    for (;;) {
        ssize_t count = read(fd, buffer, sizeof buffer);
        if (count < 0 && errno == EINTR) continue;
        if (count < 0) {
            int saved = errno;
            close(fd);
            errno = saved;
            return 0;
        }
        if (count == 0) break;
        for (ssize_t index = 0; index < count; index++) {
            hash ^= buffer[index];
            hash *= 1099511628211ULL;
        }
        total += count;
    }
    close(fd);
    if (size != NULL) *size = total;
    return hash == 0 ? 1 : hash;
}
