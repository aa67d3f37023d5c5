/* sportello-stats-window.h: the statistics window for communication staff
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sportello-stats-chart.h"

G_BEGIN_DECLS

typedef enum
{
  SPORTELLO_PERIOD_DAY,
  SPORTELLO_PERIOD_WEEK,
  SPORTELLO_PERIOD_MONTH,
  SPORTELLO_PERIOD_CUSTOM,
} SportelloPeriodKind;

/* The period of that kind holding date (custom: the day itself). */
void sportello_period_around (SportelloPeriodKind  kind,
                              const GDate         *date,
                              GDate               *out_from,
                              GDate               *out_to);
/* The period of the same kind before (-1) or after (+1). */
void sportello_period_step   (SportelloPeriodKind  kind,
                              int                  direction,
                              GDate               *from,
                              GDate               *to);

#define SPORTELLO_TYPE_STATS_WINDOW (sportello_stats_window_get_type ())
G_DECLARE_FINAL_TYPE (SportelloStatsWindow, sportello_stats_window, SPORTELLO, STATS_WINDOW, AdwApplicationWindow)

/* names is taken over by the window. */
SportelloStatsWindow *sportello_stats_window_new (AdwApplication      *application,
                                                  SportelloStore      *store,
                                                  SportelloStatsNames *names,
                                                  SportelloPeriodKind  kind,
                                                  const GDate         *day,
                                                  int                  threshold);

G_END_DECLS
