/* sportello-stats-pdf.c: the printable report, drawn by the charts' code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-stats-pdf.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

/* A4 landscape, in points. */
#define PAGE_W 841.89
#define PAGE_H 595.28
#define MARGIN 48.0
#define ROW_H 15.0

typedef struct
{
  cairo_t                    *cr;
  const SportelloStatsReport *report;
  SportelloStatsNames        *names;
  char                       *period;
  char                       *kiosk;
  int                         page;
} PdfContext;

static char *
format_date (const GDate *date,
             const char  *format)
{
  char buf[128];

  if (g_date_strftime (buf, sizeof buf, format, date) == 0)
    return g_strdup ("");
  return g_strdup (buf);
}

char *
sportello_stats_format_period (const GDate *from,
                               const GDate *to)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (g_date_compare (from, to) == 0)
    /* Translators: one day, see strftime */
    return format_date (from, _("%A %-d %B %Y"));

  if (g_date_get_day (from) == 1
      && g_date_get_month (from) == g_date_get_month (to)
      && g_date_get_year (from) == g_date_get_year (to)
      && g_date_is_last_of_month (to))
    /* Translators: a month, see strftime */
    return format_date (from, _("%B %Y"));

  if (g_date_get_weekday (from) == G_DATE_MONDAY && g_date_days_between (from, to) == 6)
    {
      a = format_date (from, _("%-d %B %Y"));
      /* Translators: %s is the date of the Monday */
      return g_strdup_printf (_("Week of %s"), a);
    }

  a = format_date (from, "%Y-%m-%d");
  b = format_date (to, "%Y-%m-%d");
  return g_strdup_printf ("%s – %s", a, b);
}

static void
set_grey (cairo_t *cr,
          double   v)
{
  cairo_set_source_rgb (cr, v, v, v);
}

/* Wrapped paragraph; returns its height. */
static double
draw_paragraph (cairo_t    *cr,
                const char *text,
                double      x,
                double      y,
                double      width,
                double      size,
                gboolean    bold)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");
  int w, h;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  return h;
}

static void
draw_footer (PdfContext *ctx)
{
  g_autofree char *left = g_strdup_printf ("%s · %s",
                                           sportello_stats_names_get_desk_name (ctx->names),
                                           ctx->period);
  char page[16];

  ctx->page++;
  g_snprintf (page, sizeof page, "%d", ctx->page);
  set_grey (ctx->cr, 0.45);
  sportello_stats_draw_text (ctx->cr, left, MARGIN, PAGE_H - MARGIN + 14, 9, FALSE, 0);
  sportello_stats_draw_text (ctx->cr, page, PAGE_W - MARGIN, PAGE_H - MARGIN + 14, 9, FALSE, 1);
}

static void
finish_page (PdfContext *ctx)
{
  draw_footer (ctx);
  cairo_show_page (ctx->cr);
}

static void
draw_cover (PdfContext *ctx,
            GDateTime  *generated)
{
  cairo_t *cr = ctx->cr;
  g_autofree char *when = g_date_time_format (generated, "%Y-%m-%d %H:%M");
  g_autofree char *line = NULL;
  g_autofree char *total = sportello_stats_report_format_total (ctx->report);
  double y = 150;

  cairo_set_source_rgb (cr, 0.208, 0.518, 0.894);
  cairo_rectangle (cr, MARGIN, y - 30, 8, 200);
  cairo_fill (cr);

  set_grey (cr, 0.1);
  y += draw_paragraph (cr, sportello_stats_names_get_desk_name (ctx->names),
                       MARGIN + 28, y, PAGE_W - 2 * MARGIN - 28, 30, TRUE) + 8;
  y += draw_paragraph (cr, _("Usage statistics of the kiosk"),
                       MARGIN + 28, y, PAGE_W - 2 * MARGIN, 20, FALSE) + 22;
  set_grey (cr, 0.2);
  y += draw_paragraph (cr, ctx->period, MARGIN + 28, y, PAGE_W - 2 * MARGIN, 18, TRUE) + 6;
  y += draw_paragraph (cr, ctx->kiosk, MARGIN + 28, y, PAGE_W - 2 * MARGIN, 14, FALSE) + 6;
  line = g_strdup_printf (_("Sessions: %s"), total);
  y += draw_paragraph (cr, line, MARGIN + 28, y, PAGE_W - 2 * MARGIN, 14, FALSE) + 40;
  g_free (line);

  set_grey (cr, 0.4);
  line = g_strdup_printf (_("Generated on %s"), when);
  y += draw_paragraph (cr, line, MARGIN + 28, y, PAGE_W - 2 * MARGIN, 11, FALSE) + 4;
  g_free (line);
  line = g_strdup_printf (_("Anonymous figures: every count below %d is hidden. "
                            "See “Method and privacy” at the end."),
                          ctx->report->threshold);
  draw_paragraph (cr, line, MARGIN + 28, y, PAGE_W - 2 * MARGIN - 28, 11, FALSE);

  finish_page (ctx);
}

static void
draw_chart_page (PdfContext           *ctx,
                 SportelloReportTable  table)
{
  cairo_t *cr = ctx->cr;
  double y = MARGIN;

  set_grey (cr, 0.1);
  y += draw_paragraph (cr, sportello_stats_chart_get_title (table),
                       MARGIN, y, PAGE_W - 2 * MARGIN, 22, TRUE) + 4;
  set_grey (cr, 0.4);
  y += draw_paragraph (cr, ctx->period, MARGIN, y, PAGE_W - 2 * MARGIN, 11, FALSE) + 18;

  cairo_save (cr);
  cairo_translate (cr, MARGIN, y);
  sportello_stats_chart_draw (cr, ctx->report, ctx->names, table,
                              PAGE_W - 2 * MARGIN, PAGE_H - MARGIN - 24 - y);
  cairo_restore (cr);

  finish_page (ctx);
}

typedef struct
{
  PdfContext *ctx;
  double      col_w;
  int         column;
  double      y;
} Flow;

static void
flow_new_page (Flow *flow)
{
  finish_page (flow->ctx);
  flow->column = 0;
  flow->y = MARGIN;
  set_grey (flow->ctx->cr, 0.1);
  flow->y += draw_paragraph (flow->ctx->cr, _("Figures (continued)"), MARGIN, flow->y,
                             PAGE_W - 2 * MARGIN, 16, TRUE) + 14;
}

static double
flow_x (Flow *flow)
{
  return MARGIN + flow->column * (flow->col_w + 30);
}

/* Makes room for h points, moving to the next column or page. */
static void
flow_reserve (Flow   *flow,
              double  h)
{
  if (flow->y + h <= PAGE_H - MARGIN - 10)
    return;
  if (flow->column == 0)
    {
      flow->column = 1;
      flow->y = MARGIN + 16 + 14 + 4;
      return;
    }
  flow_new_page (flow);
}

static void
flow_row (Flow       *flow,
          const char *label,
          const char *value,
          gboolean    bold)
{
  cairo_t *cr = flow->ctx->cr;
  double x = flow_x (flow);

  flow_reserve (flow, ROW_H);
  set_grey (cr, bold ? 0.1 : 0.2);
  cairo_save (cr);
  cairo_rectangle (cr, x, flow->y, flow->col_w - 70, ROW_H);
  cairo_clip (cr);
  sportello_stats_draw_text (cr, label, x, flow->y, 10, bold, 0);
  cairo_restore (cr);
  sportello_stats_draw_text (cr, value, x + flow->col_w, flow->y, 10, bold, 1);
  set_grey (cr, 0.88);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, x, flow->y + ROW_H - 1);
  cairo_line_to (cr, x + flow->col_w, flow->y + ROW_H - 1);
  cairo_stroke (cr);
  flow->y += ROW_H;
}

static void
draw_figures (PdfContext *ctx)
{
  Flow flow = { ctx, (PAGE_W - 2 * MARGIN - 30) / 2, 0, MARGIN };
  g_autofree char *total = sportello_stats_report_format_total (ctx->report);

  set_grey (ctx->cr, 0.1);
  flow.y += draw_paragraph (ctx->cr, _("Figures"), MARGIN, flow.y,
                            PAGE_W - 2 * MARGIN, 16, TRUE) + 14;
  flow_row (&flow, _("Sessions in the period"), total, TRUE);
  flow.y += 8;

  for (guint t = 0; t < SPORTELLO_REPORT_N_TABLES; t++)
    {
      GPtrArray *rows = ctx->report->tables[t];

      if (t == SPORTELLO_REPORT_HOUR_OF_WEEK)
        continue;
      flow_reserve (&flow, ROW_H * 3);
      flow_row (&flow, sportello_stats_chart_get_title (t), "", TRUE);
      for (guint i = 0; i < rows->len; i++)
        {
          SportelloStatsRow *row = g_ptr_array_index (rows, i);
          g_autofree char *label = sportello_stats_names_get_label (ctx->names, t, row->key);
          g_autofree char *value = sportello_stats_report_format_count (ctx->report, row);

          if (row->count == 0 && !row->suppressed
              && t != SPORTELLO_REPORT_DAY && t != SPORTELLO_REPORT_FUNNEL)
            continue;
          flow_row (&flow, label, value, FALSE);
        }
      flow.y += 10;
    }
  finish_page (ctx);
}

static void
draw_heatmap_figures (PdfContext *ctx)
{
  cairo_t *cr = ctx->cr;
  int first, last;
  double y = MARGIN, x0 = MARGIN + 50, cell_w;

  sportello_stats_names_get_hours (ctx->names, ctx->report, &first, &last);
  cell_w = MIN ((PAGE_W - MARGIN - x0) / (last - first + 1), 48);

  set_grey (cr, 0.1);
  y += draw_paragraph (cr, sportello_stats_chart_get_title (SPORTELLO_REPORT_HOUR_OF_WEEK),
                       MARGIN, y, PAGE_W - 2 * MARGIN, 16, TRUE) + 4;
  set_grey (cr, 0.4);
  y += draw_paragraph (cr, _("Figures by weekday (rows) and hour (columns): sessions that "
                             "started in that hour, over the whole period."),
                       MARGIN, y, PAGE_W - 2 * MARGIN, 10, FALSE) + 12;

  set_grey (cr, 0.1);
  for (int h = first; h <= last; h++)
    {
      char buf[8];

      g_snprintf (buf, sizeof buf, "%02d", h);
      sportello_stats_draw_text (cr, buf, x0 + (h - first + 1) * cell_w - 4, y, 10, TRUE, 1);
    }
  y += ROW_H + 4;

  for (int wd = 1; wd <= 7; wd++)
    {
      char key[4];
      g_autofree char *label = NULL;

      g_snprintf (key, sizeof key, "%d", wd);
      label = sportello_stats_names_get_label (ctx->names, SPORTELLO_REPORT_HOUR_OF_WEEK, key);
      set_grey (cr, 0.1);
      sportello_stats_draw_text (cr, label, MARGIN, y, 10, TRUE, 0);
      for (int h = first; h <= last; h++)
        {
          char key2[4];
          const SportelloStatsRow *row;
          g_autofree char *value = NULL;

          g_snprintf (key2, sizeof key2, "%02d", h);
          row = sportello_stats_report_lookup (ctx->report, SPORTELLO_REPORT_HOUR_OF_WEEK,
                                               key, key2);
          value = sportello_stats_report_format_count (ctx->report, row);
          set_grey (cr, 0.2);
          sportello_stats_draw_text (cr, value, x0 + (h - first + 1) * cell_w - 4, y, 10, FALSE, 1);
        }
      y += ROW_H + 4;
    }

  finish_page (ctx);
}

static void
draw_method (PdfContext *ctx)
{
  cairo_t *cr = ctx->cr;
  double width = PAGE_W - 2 * MARGIN;
  double y = MARGIN;
  int t = ctx->report->threshold;
  g_autofree char *p2 = NULL;
  g_autofree char *p3 = NULL;

  set_grey (cr, 0.1);
  y += draw_paragraph (cr, _("Method and privacy"), MARGIN, y, width, 22, TRUE) + 14;
  set_grey (cr, 0.15);

  y += draw_paragraph (cr,
                       _("Anonymous summaries. At the end of each session the kiosk records one "
                         "summary: the kiosk, the day, the hour it started, the language it ended "
                         "in, the topics and services viewed, whether an appointment was booked, "
                         "a number taken or an arrival checked in, how the session ended and the "
                         "answer to “How did you hear about this desk?”. A summary holds no name, "
                         "no phone number, no ticket code and nothing that links it to a booking; "
                         "the database keeps summaries in an order unrelated to when they were "
                         "written."),
                       MARGIN, y, width, 11, FALSE) + 10;
  y += draw_paragraph (cr,
                       _("Coarse time. Only the date and the hour are kept, never the minute: "
                         "a session that started at 10:37 counts in the hour 10:00–10:59."),
                       MARGIN, y, width, 11, FALSE) + 10;

  p2 = g_strdup_printf (_("Primary suppression. Any figure from 1 to %d is hidden and shown as "
                          "“< %d”, in the charts (a hatched bar of fixed size), in the tables and "
                          "in the CSV and JSON exports. When the whole period counts fewer than "
                          "%d sessions, every figure is hidden."),
                        t - 1, t, t);
  y += draw_paragraph (cr, p2, MARGIN, y, width, 11, FALSE) + 10;

  p3 = g_strdup_printf (_("Secondary suppression. A single hidden figure could be worked out by "
                          "subtracting the others from a total: sessions per day, languages, "
                          "how sessions ended and how people heard of the desk each add up to the "
                          "sessions of the period, and each weekday row of the hour table adds up "
                          "to the days of that weekday. So wherever a group of figures holds "
                          "exactly one hidden figure, the smallest other figure of the group is "
                          "hidden too, shown as “≥ %d”; this is repeated, over the rows and the "
                          "columns of the hour table, until every group holds no hidden figure or "
                          "at least two. The same rule is applied to services, topics and the "
                          "funnel. Zeros are shown; a zero is hidden too only when a group has no other "
                          "figure left to hide, and then reads “< %d” like any small figure."),
                        t, t);
  y += draw_paragraph (cr, p3, MARGIN, y, width, 11, FALSE) + 10;

  draw_paragraph (cr,
                  _("Limits. Comparing two reports whose periods or kiosks differ by very "
                    "little can still narrow a hidden figure down; publish reports for whole "
                    "weeks or months and for all kiosks together."),
                  MARGIN, y, width, 11, FALSE);

  finish_page (ctx);
}

gboolean
sportello_stats_pdf_write (const SportelloStatsReport *report,
                           SportelloStatsNames        *names,
                           GDateTime                  *generated,
                           const char                 *path,
                           GError                    **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *partial = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  PdfContext ctx = { 0, };

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (generated == NULL)
    generated = now = g_date_time_new_now_local ();

  /* Written aside then renamed: a reader never sees half a report. */
  partial = g_strconcat (path, ".part", NULL);
  surface = cairo_pdf_surface_create (partial, PAGE_W, PAGE_H);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the report to “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  _("Usage statistics of the kiosk"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "sportello-stats");

  ctx.cr = cairo_create (surface);
  ctx.report = report;
  ctx.names = names;
  ctx.period = sportello_stats_format_period (&report->from, &report->to);
  ctx.kiosk = report->kiosk_id != NULL
                ? g_strdup_printf (_("Kiosk: %s"), report->kiosk_id)
                : g_strdup (_("All kiosks"));

  draw_cover (&ctx, generated);
  for (guint t = 0; t < SPORTELLO_REPORT_N_TABLES; t++)
    draw_chart_page (&ctx, t);
  draw_figures (&ctx);
  draw_heatmap_figures (&ctx);
  draw_method (&ctx);

  cairo_destroy (ctx.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  g_free (ctx.period);
  g_free (ctx.kiosk);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (partial);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the report to “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (partial, path) != 0)
    {
      int saved = errno;

      g_unlink (partial);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write the report to “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
