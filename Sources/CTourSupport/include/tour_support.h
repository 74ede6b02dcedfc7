#ifndef TOUR_SUPPORT_H
#define TOUR_SUPPORT_H

#include <sys/types.h>

/// How a child's standard stream is connected.
typedef enum {
    /// The same file as the tour's (the terminal, for the editor).
    TOUR_STREAM_INHERIT = 0,
    /// /dev/null.
    TOUR_STREAM_NULL = 1,
    /// A new pipe; the tour's end is returned in the result.
    TOUR_STREAM_PIPE = 2,
} tour_stream_mode;

/// Where the child stands among sessions and process groups.
typedef enum {
    /// The tour's own process group: the terminal's foreground group, for
    /// a program that takes over the terminal (the editor).
    TOUR_GROUP_INHERIT = 0,
    /// A process group of its own, in the tour's session.
    TOUR_GROUP_NEW = 1,
    /// A session of its own (setsid): no controlling terminal, so the
    /// program can neither open /dev/tty nor receive the terminal's
    /// signals, and its group id equals its pid.
    TOUR_GROUP_NEW_SESSION = 2,
} tour_group_mode;

typedef struct {
    tour_stream_mode stdin_mode;
    tour_stream_mode stdout_mode;
    tour_stream_mode stderr_mode;
    /// 1: a pipe of its own on the child's fd 3 (the harness's events);
    /// 2: fd 3 shares standard output's pipe (which must be a pipe).
    int events_pipe;
    /// A descriptor of the tour's to hand to the child as its fd 4 (the
    /// runtime trace's memory file), or -1.
    int trace_fd;
    tour_group_mode group;
    /// Working directory of the child, or NULL for the tour's.
    const char *directory;
} tour_spawn_options;

typedef struct {
    pid_t pid;
    /// The tour's ends of the pipes asked for, else -1. Every one is
    /// close-on-exec, so no later child inherits it.
    int stdin_fd;
    int stdout_fd;
    int stderr_fd;
    int events_fd;
} tour_spawn_result;

/// Starts `path` with posix_spawn. Every pipe is made with
/// pipe2(O_CLOEXEC), so creating it and marking it is one step: no child
/// spawned by another thread in between can inherit it. The child gets
/// default signal actions, an empty signal mask, and no descriptor above
/// the ones asked for. Returns 0, or an errno value (nothing is left open).
int tour_spawn(const char *path, char *const argv[], char *const envp[],
               const tour_spawn_options *options, tour_spawn_result *result);

/// Makes this process the reaper of its orphaned descendants: a snippet's
/// grandchild whose parent dies is re-parented here, not to init, so the
/// tour can still find and stop it.
int tour_become_subreaper(void);

/// One line of the process table.
typedef struct {
    pid_t pid;
    pid_t ppid;
    pid_t pgrp;
    pid_t session;
    char state;
} tour_process_info;

/// Reads /proc: up to `capacity` processes into `out`; returns how many
/// there are (which may exceed `capacity`), or -1.
int tour_list_processes(tour_process_info *out, int capacity);

/// Copies the value of the environment variable `name` of process `pid`
/// into `value` (NUL-terminated, cut to `capacity`). Returns 1 when found,
/// 0 when the variable is absent, -1 when the environment cannot be read.
int tour_process_environment_value(pid_t pid, const char *name, char *value, int capacity);

/// An anonymous memory file of `size` bytes (memfd_create, close-on-exec),
/// zero-filled and sparse: only the pages written use memory. Returns the
/// descriptor, or -1 with errno set.
int tour_trace_file_create(long long size);

/// How many CPUs this process may run on (its affinity mask), which is
/// what libdispatch sizes the concurrency pool's width by; the online CPU
/// count where the mask cannot be read.
int tour_allowed_cpus(void);

/// A 64-bit FNV-1a digest of a file's bytes, or 0 with errno set when it
/// cannot be read. Fast enough to check a cached program before every run.
unsigned long long tour_file_digest(const char *path, long long *size);

#endif
