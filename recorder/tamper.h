/* tamper.h — covered, moved and motion, judged from small grey images of decoded keyframes. */
#ifndef VG_TAMPER_H
#define VG_TAMPER_H

#include <stdint.h>

/* Every judgement works on a 64x36 grey image averaged down from the frame. */
#define TAMPER_W 64
#define TAMPER_H 36
#define TAMPER_N (TAMPER_W * TAMPER_H)

/* Covered: the image is dark (mean below this)... */
#define TAMPER_DARK_MEAN 28.0
/* ...or nearly uniform (standard deviation below this): a lens taped over, a
 * bag over the camera, a wall right in front of it. */
#define TAMPER_UNIFORM_SD 6.0
/* Moved: similarity to the reference (normalised cross-correlation, so a
 * change of light alone does not count) below this... */
#define TAMPER_MOVED_BELOW 0.45
/* ...and back to normal above this (hysteresis). */
#define TAMPER_BACK_ABOVE 0.65
/* Samples in a row before a state changes, so one odd frame raises nothing. */
#define TAMPER_COVERED_AFTER 2
#define TAMPER_MOVED_AFTER 3
/* Motion: at least this share of the pixels changed by more than DELTA. */
#define TAMPER_MOTION_SHARE 0.01
#define TAMPER_MOTION_DELTA 24

/* Averages an RGB image (w x h, 3 bytes a pixel) down to TAMPER_W x TAMPER_H grey. */
void	tamper_grey(const uint8_t *rgb, int w, int h, uint8_t out[TAMPER_N]);
void	tamper_stats(const uint8_t g[TAMPER_N], double *mean, double *sd);
int	tamper_covered(const uint8_t g[TAMPER_N]);
/* 1 = the same scene ... 0 or below = unrelated; 1 as well when either image
 * is uniform (that is for tamper_covered to say). */
double	tamper_similarity(const uint8_t ref[TAMPER_N], const uint8_t cur[TAMPER_N]);
int	tamper_motion(const uint8_t prev[TAMPER_N], const uint8_t cur[TAMPER_N]);

enum {
	TAMPER_BECAME_COVERED	= 0x1,
	TAMPER_BECAME_CLEAR	= 0x2,
	TAMPER_BECAME_MOVED	= 0x4,
	TAMPER_BECAME_BACK	= 0x8
};

struct tamper_state {
	int	covered, moved;
	int	n_cov, n_clear, n_moved, n_back;
	double	last_similarity;
};

/* Feeds one sample (ref may be NULL: no reference yet); returns the
 * TAMPER_BECAME_* changes it caused. */
int	tamper_update(struct tamper_state *, const uint8_t *ref, const uint8_t cur[TAMPER_N]);
/* Whether a change has been seen and waits for the samples that confirm it. */
int	tamper_pending(const struct tamper_state *);

#endif
