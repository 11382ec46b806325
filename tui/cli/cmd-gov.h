/* cmd-gov.h — option parsing shared by the request, viewing and hold commands. */
#ifndef VG_CMD_GOV_H
#define VG_CMD_GOV_H

#include <stddef.h>
#include <stdint.h>

struct cli_ctx;
struct args;

/* The cameras of --camera ID[,ID...] (repeatable); NULL with a usage error. */
char	**cmd_opt_cameras(struct cli_ctx *, struct args *, const char *opt, size_t *n);
void	  cmd_opt_free_cameras(char **, size_t n);
/* A time option in the site's zone; absent and not required leaves *us 0.
 * Errors name the form field (the option with '_' for '-'). */
int	  cmd_opt_time(struct cli_ctx *, struct args *, const char *opt, int required,
	    int64_t *us);
/* The profile's words for its codes, in the reader's language (--json keeps
 * the codes): a role's title, a hold category's title. */
const char *cmd_role_title(struct cli_ctx *, const char *role);
const char *cmd_hold_title(struct cli_ctx *, const char *category);
/* A person given as 'NAME:ID' to --opt (the ID follows the last colon): *copy is
 * the text *name and *id point into (free it); -1 with a usage error beside field. */
int	  cmd_opt_person(struct cli_ctx *, const char *opt, const char *field, const char *value,
	    char **copy, const char **name, const char **id);
/* A positive id argument: "12". */
int	  cmd_opt_id(struct cli_ctx *, const char *s, const char *what, int64_t *id);

#endif
