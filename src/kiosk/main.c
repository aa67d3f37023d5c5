/* main.c: sportello, the citizens' touch kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-kiosk-application.h"
#include "sportello-locale.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SportelloKioskApplication) app = NULL;

  sportello_locale_init ();

  app = sportello_kiosk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
