#include "stats_gsl.h"

#include <pthread.h>

static pthread_mutex_t quiet_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned quiet_depth;
static gsl_error_handler_t *saved_handler;

void stats_gsl_quiet_begin(void)
{
    pthread_mutex_lock(&quiet_lock);
    if (quiet_depth++ == 0)
        saved_handler = gsl_set_error_handler_off();
    pthread_mutex_unlock(&quiet_lock);
}

void stats_gsl_quiet_end(void)
{
    pthread_mutex_lock(&quiet_lock);
    if (--quiet_depth == 0)
        gsl_set_error_handler(saved_handler);
    pthread_mutex_unlock(&quiet_lock);
}
