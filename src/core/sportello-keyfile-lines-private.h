/* sportello-keyfile-lines-private.h: line numbers for GKeyFile problems
 *
 * GKeyFile keeps no line numbers and stops at the first bad line.  This
 * pre-scan maps every group and key to its line, reports each syntax problem
 * (invalid line, bad UTF-8, duplicate group or key) as FILE:LINE: message
 * and hands GKeyFile a cleaned copy without the faulty lines, so the rest of
 * the file still loads.  Also home of the problem-list helpers shared by
 * the catalog and desk loaders.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Files larger than this are refused whole. */
#define SPORTELLO_MAX_DATA_FILE_SIZE (1024 * 1024)

typedef struct _SportelloKeyfileLines SportelloKeyfileLines;

/* Reads path (at most SPORTELLO_MAX_DATA_FILE_SIZE), scans it and loads the
 * valid lines into a GKeyFile.  NULL with a CATALOG error when the file is
 * missing, unreadable, too large or empty; those are not added to problems. */
GKeyFile *sportello_keyfile_lines_load          (const char             *path,
                                                 SportelloKeyfileLines **out_lines,
                                                 GPtrArray              *problems,
                                                 GError                **error);
/* Scans data already in memory; problems get file as their file name. */
SportelloKeyfileLines *sportello_keyfile_lines_scan (const char *file,
                                                     const char *data,
                                                     gsize       length,
                                                     GPtrArray  *problems);
/* The data without the lines reported as problems, ready for GKeyFile. */
const char *sportello_keyfile_lines_get_clean_data (SportelloKeyfileLines *self,
                                                    gsize                 *out_length);
const char *sportello_keyfile_lines_get_file       (SportelloKeyfileLines *self);
/* 1-based lines; 0 when unknown. */
int         sportello_keyfile_lines_get_group_line (SportelloKeyfileLines *self,
                                                    const char            *group);
int         sportello_keyfile_lines_get_key_line   (SportelloKeyfileLines *self,
                                                    const char            *group,
                                                    const char            *key);
void        sportello_keyfile_lines_free           (SportelloKeyfileLines *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SportelloKeyfileLines, sportello_keyfile_lines_free)

/* Appends a SportelloProblem; problems may be NULL. */
void        sportello_problems_add (GPtrArray  *problems,
                                    const char *file,
                                    int         line,
                                    const char *format,
                                    ...) G_GNUC_PRINTF (4, 5);
/* A new array of SportelloProblem with the right free function. */
GPtrArray  *sportello_problems_new (void);
/* Moves every problem of from to the end of to (to may be NULL). */
void        sportello_problems_move (GPtrArray *from,
                                     GPtrArray *to);

/* The line (1-based) of the first byte that is not valid UTF-8, or of the
 * first NUL byte; 0 when data is valid. */
int         sportello_utf8_find_bad_line (const char *data,
                                          gsize       length);

G_END_DECLS
