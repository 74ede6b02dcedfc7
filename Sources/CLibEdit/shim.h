#ifndef ASYNC_TOUR_CLIBEDIT_SHIM_H
#define ASYNC_TOUR_CLIBEDIT_SHIM_H
/* libedit through its native API (histedit.h). el_set, el_get and history
 * are variadic, which Swift cannot call, so each use has a wrapper here
 * (the pattern GRDB uses for SQLite).
 *
 * Only Sources/TourTerminal/LineEditor imports this module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <locale.h>
#include <pthread.h>
#include <histedit.h>

/* Swift 6 rejects the C globals stdin/stdout/stderr as shared mutable state. */
static inline FILE *asynctour_stdin(void) { return stdin; }
static inline FILE *asynctour_stdout(void) { return stdout; }
static inline FILE *asynctour_stderr(void) { return stderr; }

/* ---- el_set / el_get ---------------------------------------------------- */

/* The prompt; characters between two `ignore` characters are sent to the
 * terminal but take no room on screen (colour escapes). */
static inline int asynctour_el_set_prompt(EditLine *el, char *(*prompt)(EditLine *), char ignore) {
    return el_set(el, EL_PROMPT_ESC, prompt, ignore);
}
static inline int asynctour_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
/* 0: the program handles signals itself (lldb does the same). */
static inline int asynctour_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}
static inline int asynctour_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline void *asynctour_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline int asynctour_el_addfn(EditLine *el, const char *name, const char *help,
                                     unsigned char (*function)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, function);
}
static inline int asynctour_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, NULL);
}
static inline int asynctour_el_set_history(EditLine *el, History *history_) {
    return el_set(el, EL_HIST, history, history_);
}

/* ---- history ------------------------------------------------------------ */

static inline int asynctour_history_setsize(History *h, int size) {
    HistEvent event;
    return history(h, &event, H_SETSIZE, size);
}
static inline int asynctour_history_setunique(History *h, int on) {
    HistEvent event;
    return history(h, &event, H_SETUNIQUE, on);
}
static inline int asynctour_history_enter(History *h, const char *line) {
    HistEvent event;
    return history(h, &event, H_ENTER, line);
}
static inline int asynctour_history_clear(History *h) {
    HistEvent event;
    return history(h, &event, H_CLEAR);
}
/* How many entries libedit holds now. */
static inline int asynctour_history_count(History *h) {
    HistEvent event;
    return history(h, &event, H_GETSIZE) == 0 ? event.num : -1;
}

/* ---- signals and the terminal -------------------------------------------
 * The variables below are `static`: every Swift file that calls these
 * functions gets its own copy of them. Call them from one Swift file only
 * (SignalRelay.swift). */

/* The handler only writes the signal's number to a pipe, which is
 * async-signal-safe; a thread in Swift reads the pipe. */
static int asynctour_signal_fd = -1;
static volatile sig_atomic_t asynctour_last_signal = 0;

static void asynctour_signal_handler(int number) {
    int saved = errno;
    asynctour_last_signal = number;
    if (asynctour_signal_fd >= 0) {
        unsigned char byte = (unsigned char)number;
        ssize_t ignored = write(asynctour_signal_fd, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

/* restart = 0: no SA_RESTART, so a read() blocked in el_gets returns EINTR.
 * restart = 1: the read goes on as if nothing happened (for SIGWINCH: an
 * el_gets that returns loses the line being typed). */
static inline int asynctour_sigaction(int number, void (*handler)(int), int restart) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = restart ? SA_RESTART : 0;
    return sigaction(number, &action, NULL);
}

static inline int asynctour_install_signal_handler(int number, int fd, int restart) {
    asynctour_signal_fd = fd;
    return asynctour_sigaction(number, asynctour_signal_handler, restart);
}

/* Puts the default action back and stops writing to the pipe. */
static inline int asynctour_restore_default_handler(int number) {
    asynctour_signal_fd = -1;
    return asynctour_sigaction(number, SIG_DFL, 0);
}

/* SIGUSR1 only interrupts a blocked read: the thread that got a Ctrl-C
 * sends it to the thread in el_gets, whichever thread the kernel chose. */
static void asynctour_wake_handler(int number) { (void)number; }

static inline int asynctour_install_wake_handler(void) {
    return asynctour_sigaction(SIGUSR1, asynctour_wake_handler, 0);
}

static inline int asynctour_wake(pthread_t thread) {
    return pthread_kill(thread, SIGUSR1);
}

static inline int asynctour_take_last_signal(void) {
    int number = asynctour_last_signal;
    asynctour_last_signal = 0;
    return number;
}

/* Blocks (how = SIG_BLOCK) or unblocks (SIG_UNBLOCK) the shell's signals in
 * the calling thread; threads created later inherit the mask. */
static inline int asynctour_mask_signals(int how) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGWINCH);
    sigaddset(&set, SIGUSR1);
    return pthread_sigmask(how, &set, NULL);
}

#endif
