/* sportello-stats-chart.c: cairo charts of a statistics report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-stats-chart.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <pango/pangocairo.h>
#include <stdlib.h>

struct _SportelloStatsNames
{
  SportelloCatalog *catalog;
  SportelloDesk    *desk;
  int               open_first;  /* -1 when unknown */
  int               open_last;
};

/* Colours: a blue readable on paper and screen, a grey for hidden figures. */
#define BAR_R 0.208
#define BAR_G 0.518
#define BAR_B 0.894
#define HIDDEN_R 0.55
#define HIDDEN_G 0.55
#define HIDDEN_B 0.53
#define TEXT_GREY 0.2

static const char * const weekday_names[] = {
  N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"),
};

/* Strings the core hands over as msgids: the staff domain first, then the
 * citizens' one, which holds the kiosk's own wording. */
static const char *
core_text (const char *msgid)
{
  const char *text = dgettext (STAFF_GETTEXT_PACKAGE, msgid);

  if (text == msgid)
    text = dgettext (GETTEXT_PACKAGE, msgid);
  return text;
}

/* Hours of "09:00–12:30, 14:00–16:00": first opening hour, last open hour. */
static gboolean
parse_hours (const char *text,
             int        *first,
             int        *last)
{
  gboolean found = FALSE;
  gboolean is_start = TRUE;

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      int h, m;

      if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]) || p[2] != ':'
          || !g_ascii_isdigit (p[3]) || !g_ascii_isdigit (p[4]))
        continue;
      h = (p[0] - '0') * 10 + (p[1] - '0');
      m = (p[3] - '0') * 10 + (p[4] - '0');
      if (h > 24)
        continue;
      if (is_start)
        *first = found ? MIN (*first, h) : h;
      else
        {
          int end = m > 0 ? h : h - 1;

          *last = found ? MAX (*last, end) : end;
          found = TRUE;
        }
      is_start = !is_start;
      p += 4;
    }

  return found;
}

SportelloStatsNames *
sportello_stats_names_new (SportelloCatalog *catalog,
                           SportelloDesk    *desk)
{
  SportelloStatsNames *names = g_new0 (SportelloStatsNames, 1);

  names->catalog = catalog != NULL ? g_object_ref (catalog) : NULL;
  names->desk = desk != NULL ? g_object_ref (desk) : NULL;
  names->open_first = -1;
  names->open_last = -1;

  if (desk != NULL)
    {
      for (int wd = G_DATE_MONDAY; wd <= G_DATE_SUNDAY; wd++)
        {
          g_autofree char *hours = sportello_desk_format_hours (desk, wd);
          int first = 0, last = 0;

          if (hours == NULL || !parse_hours (hours, &first, &last))
            continue;
          names->open_first = names->open_first < 0 ? first : MIN (names->open_first, first);
          names->open_last = MAX (names->open_last, last);
        }
    }

  return names;
}

void
sportello_stats_names_free (SportelloStatsNames *names)
{
  if (names == NULL)
    return;
  g_clear_object (&names->catalog);
  g_clear_object (&names->desk);
  g_free (names);
}

const char *
sportello_stats_names_get_desk_name (SportelloStatsNames *names)
{
  const char *name = NULL;

  if (names != NULL && names->desk != NULL)
    name = sportello_desk_get_name (names->desk);
  return name != NULL && name[0] != '\0' ? name : _("Sportello");
}

void
sportello_stats_names_get_hours (SportelloStatsNames        *names,
                                 const SportelloStatsReport *report,
                                 int                        *first,
                                 int                        *last)
{
  int lo = 24, hi = -1;
  int data_lo, data_hi;

  if (names != NULL && names->open_first >= 0 && names->open_last >= names->open_first)
    {
      lo = names->open_first;
      hi = names->open_last;
    }
  if (sportello_stats_report_get_hour_range (report, &data_lo, &data_hi))
    {
      lo = MIN (lo, data_lo);
      hi = MAX (hi, data_hi);
    }
  if (hi < 0)
    {
      lo = 9;
      hi = 17;
    }
  *first = CLAMP (lo, 0, 23);
  *last = CLAMP (hi, *first, 23);
}

char *
sportello_stats_names_get_label (SportelloStatsNames  *names,
                                 SportelloReportTable  table,
                                 const char           *key)
{
  SportelloCatalog *catalog = names != NULL ? names->catalog : NULL;

  if (key == NULL)
    return g_strdup ("");

  switch (table)
    {
    case SPORTELLO_REPORT_LANGUAGE:
      if (catalog != NULL)
        {
          const SportelloLanguage *language = sportello_catalog_lookup_language (catalog, key);

          if (language != NULL)
            return g_strdup (sportello_language_get_endonym (language));
        }
      break;
    case SPORTELLO_REPORT_SERVICE:
      if (catalog != NULL)
        {
          const SportelloService *service = sportello_catalog_lookup_service (catalog, key);

          if (service != NULL)
            return g_strdup (dgettext (GETTEXT_PACKAGE, sportello_service_get_title (service)));
        }
      break;
    case SPORTELLO_REPORT_TOPIC:
      if (catalog != NULL)
        {
          const SportelloTopic *topic = sportello_catalog_lookup_topic (catalog, key);

          if (topic != NULL)
            return g_strdup (dgettext (GETTEXT_PACKAGE, sportello_topic_get_title (topic)));
        }
      break;
    case SPORTELLO_REPORT_FUNNEL:
      if (g_str_equal (key, "sessions"))
        return g_strdup (_("Sessions"));
      if (g_str_equal (key, "service-viewed"))
        return g_strdup (_("Viewed a service page"));
      if (g_str_equal (key, "booked"))
        return g_strdup (_("Booked an appointment"));
      if (g_str_equal (key, "walk-in"))
        return g_strdup (_("Took a number"));
      if (g_str_equal (key, "checked-in"))
        return g_strdup (_("Checked in on arrival"));
      break;
    case SPORTELLO_REPORT_END_REASON:
      {
        SportelloEndReason reason;

        if (sportello_end_reason_from_string (key, &reason))
          return g_strdup (core_text (sportello_end_reason_get_label (reason)));
      }
      break;
    case SPORTELLO_REPORT_CAMPAIGN:
      {
        SportelloCampaign campaign;

        if (sportello_campaign_from_string (key, &campaign))
          return g_strdup (core_text (sportello_campaign_get_label (campaign)));
      }
      break;
    case SPORTELLO_REPORT_DAY:
      {
        int y, m, d;

        if (sscanf (key, "%d-%d-%d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
          {
            GDate date;
            char buf[64];

            g_date_clear (&date, 1);
            g_date_set_dmy (&date, d, m, y);
            /* Translators: a day in the figures table, see strftime */
            if (g_date_strftime (buf, sizeof buf, _("%a %d %b"), &date) > 0)
              return g_strdup (buf);
          }
      }
      break;
    case SPORTELLO_REPORT_HOUR_OF_WEEK:
      {
        int wd = atoi (key);

        if (wd >= 1 && wd <= 7)
          return g_strdup (_(weekday_names[wd - 1]));
      }
      break;
    default:
      break;
    }

  return g_strdup (key);
}

const char *
sportello_stats_chart_get_title (SportelloReportTable table)
{
  switch (table)
    {
    case SPORTELLO_REPORT_DAY:
      return _("Sessions per day");
    case SPORTELLO_REPORT_LANGUAGE:
      return _("Languages");
    case SPORTELLO_REPORT_SERVICE:
      return _("Services consulted");
    case SPORTELLO_REPORT_TOPIC:
      return _("Topics consulted");
    case SPORTELLO_REPORT_FUNNEL:
      return _("From session to appointment");
    case SPORTELLO_REPORT_END_REASON:
      return _("How sessions ended");
    case SPORTELLO_REPORT_CAMPAIGN:
      return _("How people heard of the desk");
    case SPORTELLO_REPORT_HOUR_OF_WEEK:
      return _("Sessions by weekday and hour");
    default:
      return "";
    }
}

char *
sportello_stats_chart_describe (const SportelloStatsReport *report,
                                SportelloStatsNames        *names,
                                SportelloReportTable        table)
{
  GPtrArray *rows = report->tables[table];
  g_autoptr(GString) text = g_string_new (sportello_stats_chart_get_title (table));
  guint shown = 0;

  g_string_append (text, ": ");
  for (guint i = 0; i < rows->len && shown < 12; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);
      g_autofree char *label = NULL;
      g_autofree char *count = NULL;

      if (row->count == 0 && !row->suppressed)
        continue;
      label = sportello_stats_names_get_label (names, table, row->key);
      count = sportello_stats_report_format_count (report, row);
      if (shown > 0)
        g_string_append (text, "; ");
      if (row->key2 != NULL)
        g_string_append_printf (text, "%s %s:00 %s", label, row->key2, count);
      else
        g_string_append_printf (text, "%s %s", label, count);
      shown++;
    }
  if (shown == 0)
    g_string_append (text, _("no sessions"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             double      size,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");

  pango_font_description_set_absolute_size (font, MAX (size, 1.0) * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  /* Right-to-left names (العربية) keep the chart's alignment. */
  pango_layout_set_auto_dir (layout, FALSE);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

double
sportello_stats_draw_text (cairo_t    *cr,
                           const char *text,
                           double      x,
                           double      y,
                           double      size,
                           gboolean    bold,
                           double      align)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, size, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w, y);
  pango_cairo_show_layout (cr, layout);
  return w;
}

/* Text squeezed to max_width with an ellipsis at the end. */
static void
draw_text_clipped (cairo_t    *cr,
                   const char *text,
                   double      x,
                   double      y,
                   double      size,
                   double      max_width,
                   double      align)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, size, FALSE);
  int w, h;

  pango_layout_set_width (layout, (int) (MAX (max_width, 10) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_text_vertical (cairo_t    *cr,
                    const char *text,
                    double      cx,
                    double      bottom,
                    double      size)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, size, FALSE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_save (cr);
  cairo_translate (cr, cx - h / 2.0, bottom);
  cairo_rotate (cr, -G_PI / 2);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static double
text_width (cairo_t    *cr,
            const char *text,
            double      size)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, size, FALSE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

/* A hidden figure: an outlined box with diagonal hatching, drawn the same
 * size whatever the value behind it. */
static void
draw_hatched (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h)
{
  if (w <= 0 || h <= 0)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source_rgb (cr, 0.94, 0.94, 0.93);
  cairo_fill_preserve (cr);
  cairo_clip_preserve (cr);
  cairo_set_source_rgb (cr, HIDDEN_R, HIDDEN_G, HIDDEN_B);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  for (double d = -h; d < w; d += 5.0)
    {
      cairo_move_to (cr, x + d, y + h);
      cairo_line_to (cr, x + d + h, y);
    }
  cairo_set_line_width (cr, 0.8);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_empty (cairo_t *cr,
            double   width,
            double   height)
{
  cairo_set_source_rgb (cr, TEXT_GREY, TEXT_GREY, TEXT_GREY);
  sportello_stats_draw_text (cr, _("No sessions in this period"),
                             width / 2, height / 2 - 8, 14, FALSE, 0.5);
}

static gboolean
table_is_empty (const SportelloStatsReport *report,
                SportelloReportTable        table)
{
  GPtrArray *rows = report->tables[table];

  for (guint i = 0; i < rows->len; i++)
    if (((SportelloStatsRow *) g_ptr_array_index (rows, i))->count > 0)
      return FALSE;
  return TRUE;
}

/* A round step for axis ticks so that max fits in about n steps. */
static double
nice_step (double max,
           int    n)
{
  double raw = max / n;
  double mag = pow (10, floor (log10 (MAX (raw, 1e-9))));
  double norm = raw / mag;

  if (norm <= 1)
    return mag;
  if (norm <= 2)
    return 2 * mag;
  if (norm <= 5)
    return 5 * mag;
  return 10 * mag;
}

static void
draw_days (cairo_t                    *cr,
           const SportelloStatsReport *report,
           double                      width,
           double                      height)
{
  GPtrArray *rows = report->tables[SPORTELLO_REPORT_DAY];
  double font = CLAMP (height / 26, 9, 13);
  double left = 44, bottom = font * 2.4, top = font * 1.8, right = 8;
  double plot_w = width - left - right, plot_h = height - top - bottom;
  double max = (double) sportello_stats_report_get_max (report, SPORTELLO_REPORT_DAY);
  double step = nice_step (max, 4);
  double slot, bar_w;
  guint label_every;

  if (rows->len == 0 || plot_w <= 10 || plot_h <= 10)
    return;
  max = ceil (max / step) * step;
  slot = plot_w / rows->len;
  bar_w = MAX (slot * 0.72, 1.0);
  label_every = (guint) ceil (text_width (cr, "28", font) * 1.6 / slot);
  label_every = MAX (label_every, 1);

  /* Grid and axis labels. */
  cairo_set_line_width (cr, 1.0);
  for (double v = 0; v <= max + 0.5; v += step)
    {
      double y = top + plot_h - v / max * plot_h;
      char buf[32];

      cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
      cairo_move_to (cr, left, round (y) + 0.5);
      cairo_line_to (cr, left + plot_w, round (y) + 0.5);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, TEXT_GREY, TEXT_GREY, TEXT_GREY);
      g_snprintf (buf, sizeof buf, "%.0f", v);
      sportello_stats_draw_text (cr, buf, left - 6, y - font * 0.7, font * 0.9, FALSE, 1.0);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);
      double x = left + i * slot + (slot - bar_w) / 2;
      double cx = left + (i + 0.5) * slot;
      int y, m, d;

      if (row->suppressed)
        {
          g_autofree char *shown = sportello_stats_report_format_count (report, row);
          double h = MIN ((double) report->threshold / max * plot_h, plot_h);

          draw_hatched (cr, x, top + plot_h - h, bar_w, h);
          cairo_set_source_rgb (cr, TEXT_GREY, TEXT_GREY, TEXT_GREY);
          if (text_width (cr, shown, font * 0.85) <= slot)
            sportello_stats_draw_text (cr, shown, cx, top + plot_h - h - font * 1.2,
                                       font * 0.85, FALSE, 0.5);
          else
            draw_text_vertical (cr, shown, cx, top + plot_h - h - 2, font * 0.8);
        }
      else if (row->count > 0)
        {
          double h = row->count / max * plot_h;
          char buf[32];

          cairo_set_source_rgb (cr, BAR_R, BAR_G, BAR_B);
          cairo_rectangle (cr, x, top + plot_h - h, bar_w, h);
          cairo_fill (cr);
          g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, row->count);
          cairo_set_source_rgb (cr, TEXT_GREY, TEXT_GREY, TEXT_GREY);
          if (text_width (cr, buf, font * 0.85) <= slot)
            sportello_stats_draw_text (cr, buf, cx, top + plot_h - h - font * 1.2,
                                       font * 0.85, FALSE, 0.5);
        }

      if (i % label_every == 0 && sscanf (row->key, "%d-%d-%d", &y, &m, &d) == 3)
        {
          char buf[16];

          g_snprintf (buf, sizeof buf, "%d", d);
          cairo_set_source_rgb (cr, TEXT_GREY, TEXT_GREY, TEXT_GREY);
          sportello_stats_draw_text (cr, buf, cx, top + plot_h + 3, font * 0.9, FALSE, 0.5);
        }
    }

  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  cairo_move_to (cr, left, top + plot_h + 0.5);
  cairo_line_to (cr, left + plot_w, top + plot_h + 0.5);
  cairo_stroke (cr);
}

/* Horizontal bars, one per row, label on the left and the figure (and its
 * share of all sessions when with_share) on the right. */
static void
draw_hbars (cairo_t                    *cr,
            const SportelloStatsReport *report,
            SportelloStatsNames        *names,
            SportelloReportTable        table,
            double                      width,
            double                      height,
            gboolean                    with_share,
            gboolean                    keep_zeros)
{
  GPtrArray *rows = report->tables[table];
  g_autoptr(GPtrArray) visible = g_ptr_array_new ();
  double max = (double) sportello_stats_report_get_max (report, table);
  double row_h, font, label_w, value_w, bar_x, bar_w;

  for (guint i = 0; i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);

      if (row->count > 0 || row->suppressed || keep_zeros)
        g_ptr_array_add (visible, row);
    }
  if (visible->len == 0)
    return;

  row_h = MIN (height / visible->len, 40);
  font = CLAMP (row_h * 0.5, 7, 14);
  label_w = width * 0.36;
  value_w = text_width (cr, with_share ? "00000 (100 %)" : "000000", font) + 10;
  bar_x = label_w + 8;
  bar_w = width - bar_x - value_w;
  if (bar_w < 20)
    return;

  for (guint i = 0; i < visible->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (visible, i);
      g_autofree char *label = sportello_stats_names_get_label (names, table, row->key);
      g_autofree char *shown = sportello_stats_report_format_count (report, row);
      double y = i * row_h;
      double bh = row_h * 0.64;
      double by = y + (row_h - bh) / 2;
      double ty = y + (row_h - font * 1.25) / 2;
      double end;

      cairo_set_source_rgb (cr, TEXT_GREY, TEXT_GREY, TEXT_GREY);
      draw_text_clipped (cr, label, label_w, ty, font, label_w, 1.0);

      if (row->suppressed)
        {
          double w = MIN ((double) report->threshold / max * bar_w, bar_w);

          w = MAX (w, 14);
          draw_hatched (cr, bar_x, by, w, bh);
          end = bar_x + w;
        }
      else
        {
          double w = row->count / max * bar_w;

          cairo_set_source_rgb (cr, BAR_R, BAR_G, BAR_B);
          cairo_rectangle (cr, bar_x, by, w, bh);
          cairo_fill (cr);
          end = bar_x + w;
          if (with_share && report->total > 0 && !report->total_suppressed)
            {
              g_autofree char *plain = g_steal_pointer (&shown);

              shown = g_strdup_printf ("%s (%.0f %%)", plain,
                                       100.0 * row->count / report->total);
            }
        }

      cairo_set_source_rgb (cr, TEXT_GREY, TEXT_GREY, TEXT_GREY);
      sportello_stats_draw_text (cr, shown, end + 5, ty, font, row->suppressed, 0.0);
    }
}

static void
draw_heatmap (cairo_t                    *cr,
              const SportelloStatsReport *report,
              SportelloStatsNames        *names,
              double                      width,
              double                      height)
{
  double font = CLAMP (height / 22, 8, 13);
  double left = text_width (cr, _("Wed"), font) + 12;
  double top = font * 1.8;
  double max = (double) sportello_stats_report_get_max (report, SPORTELLO_REPORT_HOUR_OF_WEEK);
  int first, last, n_hours;
  double cell_w, cell_h;

  sportello_stats_names_get_hours (names, report, &first, &last);
  n_hours = last - first + 1;
  cell_w = (width - left - 4) / n_hours;
  cell_h = (height - top - 4) / 7;
  if (cell_w < 4 || cell_h < 4)
    return;

  for (int h = first; h <= last; h++)
    {
      char buf[8];

      g_snprintf (buf, sizeof buf, "%02d", h);
      cairo_set_source_rgb (cr, TEXT_GREY, TEXT_GREY, TEXT_GREY);
      sportello_stats_draw_text (cr, buf, left + (h - first + 0.5) * cell_w, 0,
                                 font * 0.9, FALSE, 0.5);
    }

  for (int wd = 1; wd <= 7; wd++)
    {
      char key[4];
      double y = top + (wd - 1) * cell_h;

      g_snprintf (key, sizeof key, "%d", wd);
      cairo_set_source_rgb (cr, TEXT_GREY, TEXT_GREY, TEXT_GREY);
      sportello_stats_draw_text (cr, _(weekday_names[wd - 1]), left - 8,
                                 y + (cell_h - font * 1.25) / 2, font, FALSE, 1.0);

      for (int h = first; h <= last; h++)
        {
          char key2[4];
          const SportelloStatsRow *row;
          double x = left + (h - first) * cell_w;

          g_snprintf (key2, sizeof key2, "%02d", h);
          row = sportello_stats_report_lookup (report, SPORTELLO_REPORT_HOUR_OF_WEEK, key, key2);

          if (row != NULL && row->suppressed)
            {
              g_autofree char *shown = sportello_stats_report_format_count (report, row);

              double tw = text_width (cr, shown, font * 0.8);

              draw_hatched (cr, x + 1, y + 1, cell_w - 2, cell_h - 2);
              if (tw + 6 <= cell_w - 2)
                {
                  /* A plain patch under the label keeps it readable. */
                  cairo_set_source_rgb (cr, 1, 1, 1);
                  cairo_rectangle (cr, x + (cell_w - tw) / 2 - 3, y + (cell_h - font) / 2 - 1,
                                   tw + 6, font * 1.3);
                  cairo_fill (cr);
                  cairo_set_source_rgb (cr, TEXT_GREY, TEXT_GREY, TEXT_GREY);
                  sportello_stats_draw_text (cr, shown, x + cell_w / 2,
                                             y + (cell_h - font) / 2, font * 0.8, TRUE, 0.5);
                }
            }
          else
            {
              double t = row != NULL ? row->count / max : 0;
              char buf[32];

              /* White to blue: darker is busier. */
              cairo_set_source_rgb (cr, 1 - t * (1 - BAR_R * 0.7), 1 - t * (1 - BAR_G * 0.8),
                                    1 - t * (1 - BAR_B));
              cairo_rectangle (cr, x + 1, y + 1, cell_w - 2, cell_h - 2);
              cairo_fill (cr);
              g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, row != NULL ? row->count : 0);
              if (t > 0.55)
                cairo_set_source_rgb (cr, 1, 1, 1);
              else
                cairo_set_source_rgb (cr, TEXT_GREY, TEXT_GREY, TEXT_GREY);
              if (text_width (cr, buf, font * 0.85) <= cell_w - 2)
                sportello_stats_draw_text (cr, buf, x + cell_w / 2,
                                           y + (cell_h - font) / 2, font * 0.85, FALSE, 0.5);
            }
        }
    }
}

void
sportello_stats_chart_draw (cairo_t                    *cr,
                            const SportelloStatsReport *report,
                            SportelloStatsNames        *names,
                            SportelloReportTable        table,
                            double                      width,
                            double                      height)
{
  g_return_if_fail (cr != NULL && report != NULL);

  cairo_save (cr);
  if (report->total == 0 || table_is_empty (report, table))
    draw_empty (cr, width, height);
  else
    switch (table)
      {
      case SPORTELLO_REPORT_DAY:
        draw_days (cr, report, width, height);
        break;
      case SPORTELLO_REPORT_HOUR_OF_WEEK:
        draw_heatmap (cr, report, names, width, height);
        break;
      case SPORTELLO_REPORT_LANGUAGE:
        draw_hbars (cr, report, names, table, width, height, TRUE, FALSE);
        break;
      case SPORTELLO_REPORT_FUNNEL:
      case SPORTELLO_REPORT_END_REASON:
        draw_hbars (cr, report, names, table, width, height, TRUE, TRUE);
        break;
      case SPORTELLO_REPORT_SERVICE:
      case SPORTELLO_REPORT_TOPIC:
      case SPORTELLO_REPORT_CAMPAIGN:
      default:
        draw_hbars (cr, report, names, table, width, height, FALSE, FALSE);
        break;
      }
  cairo_restore (cr);
}
