/* table.h — plain-text tables for command output, CJK width aware. */
#ifndef VG_TABLE_H
#define VG_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct table {
	size_t	  ncols;
	char	**cells;	/* rows * ncols */
	size_t	  nrows;
};

void	table_init(struct table *, size_t ncols, ...);	/* header cells */
void	table_row(struct table *, ...);			/* ncols strings */
void	table_print(struct table *, FILE *);
/* Each line indented by indent spaces; skip_header leaves the first row out. */
void	table_print_indented(struct table *, FILE *, int indent, int skip_header);
void	table_free(struct table *);

#endif
