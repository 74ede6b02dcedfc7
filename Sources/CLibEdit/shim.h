#ifndef ASYNC_TOUR_CLIBEDIT_SHIM_H
#define ASYNC_TOUR_CLIBEDIT_SHIM_H
#include <stdio.h>
#include <histedit.h>
#endif
