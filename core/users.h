/* users.h — people, their roles, credentials and the authorised-personnel register. */
#ifndef VG_USERS_H
#define VG_USERS_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_pubkey;

struct vg_user {
	int64_t	  id;
	char	 *login;
	char	 *name;
	char	 *unit;
	char	 *agency;	/* an outside body's liaison: the policy's agency id, else "" */
	char	 *locale;	/* "" = the site default / client LANG */
	int	  disabled;
	int	  has_password;
	int	  has_totp;
	char	**roles;
	size_t	  nroles;
	int64_t	  created_us;
};

/*
 * Who is acting.  The admin CLI acts as the system (all capabilities: it
 * already holds the site's files); everyone else acts as a user whose
 * capabilities come from their roles in the policy profile.
 */
struct vg_actor {
	int64_t	  user_id;	/* 0 = system */
	char	 *login;	/* "admin" for the system */
	char	 *display;	/* audit actor: login, or "admin(unixuser)" */
	char	 *source;	/* "cli", "ssh 192.0.2.4:51234" */
	char	 *name;
	char	 *unit;
	char	**roles;
	size_t	  nroles;
	int	  system;
};

int	 valid_login(const char *);

struct vg_user	*users_get(struct vg_site *, const char *login);
void		 users_free(struct vg_user *);
/* All users, ordered by login. */
struct vg_user	**users_list(struct vg_site *, size_t *n);
void		 users_free_list(struct vg_user **, size_t n);
int		 user_has_role(const struct vg_user *, const char *role);

struct user_spec {
	const char	 *login;
	const char	 *name;
	const char	**roles;
	size_t		  nroles;
	const char	 *unit;		/* may be NULL */
	const char	 *agency;	/* may be NULL; never with a unit */
	const char	 *locale;	/* may be NULL */
	const char	 *password;	/* may be NULL */
	const struct vg_pubkey *key;	/* may be NULL */
};

int	users_add(struct vg_site *, const struct vg_actor *, const struct user_spec *,
	    struct vg_err *);
int	users_set_password(struct vg_site *, const struct vg_actor *, const char *login,
	    const char *password, struct vg_err *);
int	users_add_key(struct vg_site *, const struct vg_actor *, const char *login,
	    const struct vg_pubkey *, struct vg_err *);
int	users_disable(struct vg_site *, const struct vg_actor *, const char *login,
	    struct vg_err *);
int	users_set_locale(struct vg_site *, const struct vg_actor *, const char *login,
	    const char *locale, struct vg_err *);
/* The outside body a liaison belongs to ("" clears it): one of the profile's
 * agencies, and only for a person of no school unit. */
int	users_set_agency(struct vg_site *, const struct vg_actor *, const char *login,
	    const char *agency, struct vg_err *);

struct user_key_info {
	int64_t	 id;
	char	 type[48];
	int	 bits;
	char	 fingerprint[64];
	char	*comment;
	char	*b64;
	int64_t	 added_us;
};
struct user_key_info *users_keys(struct vg_site *, int64_t user_id, size_t *n);
void	users_free_keys(struct user_key_info *, size_t n);
/* 1 if the key blob (base64) is registered to this user. */
int	users_key_matches(struct vg_site *, int64_t user_id, const char *type, const char *b64);

/*---- The authorised-personnel register (HHKCS 2.1.5, 2.4.1) ----*/

struct vg_authz {
	int64_t	 id;
	int64_t	 user_id;
	char	*login;
	char	*name;
	char	*scope;
	int64_t	 trained_on_us;
	int64_t	 granted_us;
	int64_t	 until_us;
	char	*granted_by;
	int64_t	 revoked_us;
};

/* The start of the next school year after now, from site.school_year_start. */
int64_t	authz_default_until(struct vg_site *, int64_t now);
int	authz_add(struct vg_site *, const struct vg_actor *, const char *login,
	    int64_t trained_on_us, int64_t until_us, const char *scope, struct vg_err *);
struct vg_authz *authz_list(struct vg_site *, size_t *n);
void	authz_free_list(struct vg_authz *, size_t n);
int	authz_valid(struct vg_site *, int64_t user_id, int64_t now);

/*---- Actors and capabilities ----*/

struct vg_actor	*actor_system(const char *source);
/* Loads a user as an actor; refuses disabled or unknown users. */
struct vg_actor	*actor_load(struct vg_site *, const char *login, const char *source,
		    struct vg_err *);
void		 actor_free(struct vg_actor *);
int		 actor_has_role(const struct vg_actor *, const char *role);
/* Refuses the system actor for things only a person does. */
int		 actor_need_person(const struct vg_actor *, struct vg_err *);
/* Capability check (DESIGN §8): a role grants it, and beyond filing a
 * request the user must hold an unexpired authorisation if a role needs one. */
int		 actor_can(struct vg_site *, const struct vg_actor *, const char *cap);
/* Whether the actor holds an unexpired authorisation now (read afresh each call). */
int		 actor_authorized(struct vg_site *, const struct vg_actor *);
/* 0, or a refusal saying in words what the person's roles cannot do. */
int		 actor_require(struct vg_site *, const struct vg_actor *, const char *cap,
		    struct vg_err *);
/* The same refusal said of another person: "none of LOGIN's roles lets them
 * <what>", what in the caller's words. */
int		 actor_require_of(struct vg_site *, const struct vg_actor *, const char *cap,
		    const char *what, struct vg_err *);
/* Whether the actor holds any of the comma-separated capabilities (NULL or
 * "": everyone): what `help` offers. */
int		 actor_can_any(struct vg_site *, const struct vg_actor *, const char *caps);

#endif
