/* test-catalog.c: the shipped catalogue and malformed catalogue files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-common.h"

static void
test_shipped (void)
{
  const char *data = g_getenv ("SPORTELLO_DATA");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_problem_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloCatalog) catalog = NULL;
  g_autoptr(SportelloDesk) desk = NULL;
  g_autofree char *desk_path = NULL;
  GPtrArray *services, *topics, *languages;
  const char *rtl[] = { "ar", "ur", "fa", NULL };

  g_assert_nonnull (data);
  catalog = sportello_catalog_load (data, problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  for (unsigned i = 0; i < problems->len; i++)
    g_printerr ("%s\n", sportello_problem_format (g_ptr_array_index (problems, i)));
  g_assert_cmpuint (problems->len, ==, 0);

  services = sportello_catalog_get_services (catalog);
  topics = sportello_catalog_get_topics (catalog);
  languages = sportello_catalog_get_languages (catalog);
  g_assert_cmpuint (services->len, >=, 14);
  g_assert_cmpuint (topics->len, ==, 8);
  g_assert_cmpuint (languages->len, ==, 16);
  g_assert_cmpstr (sportello_language_get_code (sportello_catalog_get_default_language (catalog)), ==, "it");

  for (unsigned i = 0; i < services->len; i++)
    {
      const SportelloService *s = g_ptr_array_index (services, i);

      g_assert_nonnull (sportello_catalog_lookup_topic (catalog, sportello_service_get_topic_id (s)));
      g_assert_nonnull (sportello_service_get_pictogram (s));
      g_assert_nonnull (sportello_service_get_who (s)[0]);
      g_assert_nonnull (sportello_service_get_bring (s)[0]);
      g_assert_nonnull (sportello_service_get_how (s)[0]);
      g_assert_nonnull (sportello_service_get_keywords (s));
      if (i > 0)
        g_assert_cmpint (strcmp (sportello_service_get_title (g_ptr_array_index (services, i - 1)),
                                 sportello_service_get_title (s)), <, 0);
    }
  for (unsigned i = 0; i < topics->len; i++)
    {
      g_autoptr(GPtrArray) in_topic = sportello_catalog_list_services_for_topic (
          catalog, sportello_topic_get_id (g_ptr_array_index (topics, i)));
      g_assert_cmpuint (in_topic->len, >=, 1);
    }
  for (unsigned i = 0; i < languages->len; i++)
    {
      const SportelloLanguage *l = g_ptr_array_index (languages, i);

      g_assert_cmpint (sportello_language_is_rtl (l), ==,
                       g_strv_contains (rtl, sportello_language_get_code (l)));
      g_assert_true (g_str_has_suffix (sportello_language_get_locale (l), ".UTF-8"));
    }
  g_assert_null (sportello_language_get_voice (sportello_catalog_lookup_language (catalog, "ti")));
  g_assert_cmpstr (sportello_language_get_endonym (sportello_catalog_lookup_language (catalog, "pa")), ==, "ਪੰਜਾਬੀ");

  /* The shipped desk fits the shipped catalogue. */
  desk_path = g_build_filename (data, "desk.ini", NULL);
  desk = sportello_desk_load (desk_path, catalog, problems, &error);
  g_assert_no_error (error);
  for (unsigned i = 0; i < problems->len; i++)
    g_printerr ("%s\n", sportello_problem_format (g_ptr_array_index (problems, i)));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (sportello_desk_is_demo (desk));
  g_assert_cmpint (sportello_desk_get_retention_days (desk), ==, 30);
  g_assert_cmpstr (sportello_desk_get_kiosk_id (desk), ==, "kiosk-1");
  for (unsigned i = 0; i < services->len; i++)
    {
      const SportelloService *s = g_ptr_array_index (services, i);
      const SportelloServiceRules *rules = sportello_desk_get_rules (desk, sportello_service_get_id (s));

      if (sportello_service_get_mode (s) == SPORTELLO_SERVICE_MODE_INFO)
        g_assert_null (rules);
      else
        g_assert_nonnull (rules);
    }
  /* Every shipped language but Italian has a mediator some day. */
  for (unsigned i = 1; i < languages->len; i++)
    {
      const char *code = sportello_language_get_code (g_ptr_array_index (languages, i));
      gboolean found = FALSE;

      for (int d = G_DATE_MONDAY; d <= G_DATE_SUNDAY; d++)
        found |= g_strv_contains (sportello_desk_get_mediators (desk, (GDateWeekday) d), code);
      g_assert_true (found);
    }
}

typedef struct
{
  const char *file;
  int         line;
  const char *pattern;
} Expected;

static const Expected expected_catalog[] = {
  { "languages.ini", 14, "invalid language code [Bad-Code]" },
  { "languages.ini", 19, "[de] has no Locale" },
  { "languages.ini", 27, "invalid Direction \"sideways\"" },
  { "services/ampersand.xml", 5, "contains &, < or >" },
  { "services/less-than.xml", 5, "contains &, < or >" },
  { "services/bad-id.xml", 3, "invalid service id \"Bad_Id\"" },
  { "services/bad-mode.xml", 3, "invalid mode \"sometimes\"" },
  { "services/bad-order-attr.xml", 3, "invalid pictogram name" },
  { "services/bad-utf8.xml", 5, "not valid UTF-8" },
  { "services/cdata.xml", 5, "CDATA" },
  { "services/empty-list.xml", 3, "has no <bring>" },
  { "services/empty-text.xml", 5, "<summary> is empty" },
  { "services/empty.xml", 0, "the file is empty" },
  { "services/huge.xml", 0, "larger than 1 MiB" },
  { "services/mismatched.xml", 4, "XML error" },
  { "services/missing-attribute.xml", 3, "needs the attribute \"mode\"" },
  { "services/missing-title.xml", 3, "has no <title>" },
  { "services/nested-markup.xml", 4, "<b> is not allowed inside <title>" },
  { "services/no-service.xml", 2, "no <service>" },
  { "services/not-xml.xml", 1, "XML error" },
  { "services/text-outside.xml", 6, "text is not allowed directly inside <who>" },
  { "services/truncated.xml", 7, "XML error" },
  { "services/twice-title.xml", 6, "<title> appears twice" },
  { "services/unknown-attribute.xml", 3, "unknown attribute \"colour\"" },
  { "services/unknown-element.xml", 6, "unknown element <price>" },
  { "services/unknown-topic.xml", 3, "unknown topic \"nope\"" },
  { "services/wrong-root.xml", 2, "root element must be <catalog>" },
  { "services/zz-duplicate-id.xml", 3, "\"ok-first\" is already used" },
};

static void
test_malformed (void)
{
  g_autofree char *dir = make_fixture_data ();
  g_autofree char *huge = g_build_filename (dir, "services", "huge.xml", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_problem_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloCatalog) catalog = NULL;
  g_autoptr(GString) big = g_string_new ("<catalog>\n");
  GPtrArray *topics;
  const SportelloService *first, *second;

  while (big->len < 2 * 1024 * 1024)
    g_string_append (big, "<!-- padding padding padding padding padding padding -->\n");
  g_assert_true (g_file_set_contents (huge, big->str, (gssize) big->len, NULL));

  catalog = sportello_catalog_load (dir, problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);

  for (unsigned i = 0; i < G_N_ELEMENTS (expected_catalog); i++)
    assert_problem (problems, expected_catalog[i].file, expected_catalog[i].line, expected_catalog[i].pattern);

  /* Only the valid ones, next to the broken files. */
  g_assert_cmpuint (sportello_catalog_get_services (catalog)->len, ==, 3);
  first = sportello_catalog_lookup_service (catalog, "ok-first");
  second = sportello_catalog_lookup_service (catalog, "ok-second");
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_nonnull (sportello_catalog_lookup_service (catalog, "ok-third"));
  g_assert_null (sportello_catalog_lookup_service (catalog, "unknown-topic"));
  g_assert_cmpint (sportello_service_get_mode (second), ==, SPORTELLO_SERVICE_MODE_BOTH);

  /* Whitespace as xgettext writes the msgid. */
  g_assert_cmpstr (sportello_service_get_title (second), ==, "Second service title");
  g_assert_cmpstr (sportello_service_get_summary (second), ==, "A summary written over several lines.");
  g_assert_cmpstr (sportello_service_get_pictogram (second), ==, "special");
  g_assert_cmpstr (sportello_service_get_pictogram (first), ==, "documents");
  g_assert_cmpstr (sportello_service_get_who (first)[0], ==, "Anybody.");
  g_assert_null (sportello_service_get_who (first)[1]);

  topics = sportello_catalog_get_topics (catalog);
  g_assert_cmpuint (topics->len, ==, 2);
  g_assert_cmpstr (sportello_topic_get_id (g_ptr_array_index (topics, 0)), ==, "t-two");

  g_assert_cmpuint (sportello_catalog_get_languages (catalog)->len, ==, 2);
  g_assert_true (sportello_language_is_rtl (sportello_catalog_lookup_language (catalog, "ar")));
  g_assert_null (sportello_catalog_lookup_language (catalog, "fr"));

  remove_tree (dir);
}

static void
test_nothing_usable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sportello-empty-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *services = g_build_filename (dir, "services", NULL);
  g_autofree char *bad = g_build_filename (services, "bad.xml", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_problem_free);
  g_autoptr(GError) error = NULL;
  SportelloCatalog *catalog;

  catalog = sportello_catalog_load (missing, problems, &error);
  g_assert_null (catalog);
  g_assert_error (error, SPORTELLO_CATALOG_ERROR, SPORTELLO_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (services, 0700), ==, 0);
  g_assert_true (g_file_set_contents (bad, "<catalog><service", -1, NULL));
  catalog = sportello_catalog_load (dir, problems, &error);
  g_assert_null (catalog);
  g_assert_error (error, SPORTELLO_CATALOG_ERROR, SPORTELLO_CATALOG_ERROR_INVALID);
  assert_problem (problems, "languages.ini", 0, "cannot read");
  assert_problem (problems, "services/bad.xml", 1, "XML error");

  remove_tree (dir);
}

static void
test_problem_format (void)
{
  g_autoptr(SportelloProblem) a = sportello_problem_new ("x.xml", 3, "bad %s", "thing");
  g_autoptr(SportelloProblem) b = sportello_problem_new ("x.xml", 0, "two\nlines");
  g_autofree char *ta = sportello_problem_format (a);
  g_autofree char *tb = sportello_problem_format (b);

  g_assert_cmpstr (ta, ==, "x.xml:3: bad thing");
  g_assert_cmpstr (tb, ==, "x.xml: two lines");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/catalog/shipped", test_shipped);
  g_test_add_func ("/catalog/malformed", test_malformed);
  g_test_add_func ("/catalog/nothing-usable", test_nothing_usable);
  g_test_add_func ("/catalog/problem-format", test_problem_format);
  return g_test_run ();
}
