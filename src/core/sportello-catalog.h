/* sportello-catalog.h: topics, services and languages, loaded from data/
 *
 * Content is data: every string returned here is the English source text
 * (the gettext msgid).  Front ends display it through _() so it follows the
 * live language.  Local facts (address, hours, counters) live in the desk
 * configuration instead (sportello-desk.h).
 *
 * Layout of a data folder:
 *   languages.ini          one group per shipped language
 *   topics.xml             <catalog><topic id= pictogram= order=>...
 *   services/NAME.xml      <catalog><service id= topic= mode=>...
 *   desk.ini               the desk configuration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One problem found while loading, reported as FILE:LINE: message. */
typedef struct
{
  char *file;     /* path as given, relative to nothing */
  int   line;     /* 1-based; 0 when the problem is about the whole file */
  char *message;  /* plain English, one line */
} SportelloProblem;

SportelloProblem *sportello_problem_new    (const char *file,
                                            int         line,
                                            const char *format,
                                            ...) G_GNUC_PRINTF (3, 4);
void              sportello_problem_free   (SportelloProblem *problem);
/* "FILE:LINE: message" (or "FILE: message" when line is 0). */
char             *sportello_problem_format (const SportelloProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SportelloProblem, sportello_problem_free)

typedef enum
{
  SPORTELLO_SERVICE_MODE_INFO,     /* information only: nothing to book */
  SPORTELLO_SERVICE_MODE_BOOKED,   /* appointments in slots */
  SPORTELLO_SERVICE_MODE_WALK_IN,  /* same-day numbered queue */
  SPORTELLO_SERVICE_MODE_BOTH,     /* appointments and a walk-in queue */
} SportelloServiceMode;

typedef struct _SportelloTopic SportelloTopic;
typedef struct _SportelloService SportelloService;
typedef struct _SportelloLanguage SportelloLanguage;

/* Topics */
const char  *sportello_topic_get_id        (const SportelloTopic *topic);
const char  *sportello_topic_get_title     (const SportelloTopic *topic);
const char  *sportello_topic_get_summary   (const SportelloTopic *topic);
const char  *sportello_topic_get_pictogram (const SportelloTopic *topic);  /* e.g. "documents": assets/pictograms/documents.svg */

/* Services */
const char          *sportello_service_get_id       (const SportelloService *service);
const char          *sportello_service_get_topic_id (const SportelloService *service);
const char          *sportello_service_get_title    (const SportelloService *service);
const char          *sportello_service_get_summary  (const SportelloService *service);  /* one or two short sentences */
const char          *sportello_service_get_pictogram (const SportelloService *service); /* falls back to the topic's */
SportelloServiceMode sportello_service_get_mode     (const SportelloService *service);
/* Paragraphs and list items, each one msgid, NULL-terminated. */
const char * const  *sportello_service_get_who      (const SportelloService *service);  /* who can use it */
const char * const  *sportello_service_get_bring    (const SportelloService *service);  /* what to bring */
const char * const  *sportello_service_get_how      (const SportelloService *service);  /* how it works, in steps */
const char * const  *sportello_service_get_keywords (const SportelloService *service);  /* untranslated search aids, may be empty */

/* Languages (languages.ini) */
const char *sportello_language_get_code      (const SportelloLanguage *language); /* "ar", "zh_CN" */
const char *sportello_language_get_endonym   (const SportelloLanguage *language); /* "العربية" */
const char *sportello_language_get_greeting  (const SportelloLanguage *language); /* "مرحبا" for the start screen */
const char *sportello_language_get_locale    (const SportelloLanguage *language); /* "ar_EG.UTF-8" for setlocale */
const char *sportello_language_get_voice     (const SportelloLanguage *language); /* espeak-ng voice, NULL when none */
gboolean    sportello_language_is_rtl        (const SportelloLanguage *language);

#define SPORTELLO_TYPE_CATALOG (sportello_catalog_get_type ())
G_DECLARE_FINAL_TYPE (SportelloCatalog, sportello_catalog, SPORTELLO, CATALOG, GObject)

/* Loads everything valid under data_dir.  Each problem found is appended
 * to problems (SportelloProblem, may be NULL to ignore) and the faulty item
 * is left out; the rest loads.  Returns NULL with error only when nothing
 * usable can be loaded (folder missing, no service at all). */
SportelloCatalog *sportello_catalog_load (const char  *data_dir,
                                          GPtrArray   *problems,
                                          GError     **error);

const char *sportello_catalog_get_data_dir (SportelloCatalog *self);

/* Topics in display order; element type SportelloTopic, owned by the catalog. */
GPtrArray               *sportello_catalog_get_topics          (SportelloCatalog *self);
const SportelloTopic    *sportello_catalog_lookup_topic        (SportelloCatalog *self,
                                                                const char       *topic_id);
/* Services sorted by title (source text); element type SportelloService. */
GPtrArray               *sportello_catalog_get_services        (SportelloCatalog *self);
/* Newly allocated array (free with g_ptr_array_unref), elements owned by the catalog. */
GPtrArray               *sportello_catalog_list_services_for_topic (SportelloCatalog *self,
                                                                    const char       *topic_id);
const SportelloService  *sportello_catalog_lookup_service      (SportelloCatalog *self,
                                                                const char       *service_id);
/* Languages in the order of languages.ini (Italian first); SportelloLanguage. */
GPtrArray               *sportello_catalog_get_languages       (SportelloCatalog *self);
const SportelloLanguage *sportello_catalog_lookup_language     (SportelloCatalog *self,
                                                                const char       *code);
/* The first language of languages.ini: the kiosk's start language. */
const SportelloLanguage *sportello_catalog_get_default_language (SportelloCatalog *self);

G_END_DECLS
