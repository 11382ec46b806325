/* ingest.h — one camera's recording thread and what it shares with the recorder service. */
#ifndef VG_INGEST_H
#define VG_INGEST_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "core/config.h"
#include "recorder/segmenter.h"
#include "recorder/watchdog.h"

struct vg_err;

/* What the camera threads need to know of vigil.cfg (copied once). */
struct rec_settings {
	char	*storage_dir, *run_dir, *data_dir;
	int	 segment_seconds;
	int	 offline_after_s;
	int	 thumb_interval_s, thumb_width;
	int	 tamper_interval_s;
	int	 preroll_s, postroll_s;
	int	 lavf;		/* recorder.rtsp_client = "libavformat" */
};

/*---- Messages from camera threads to the service ----*/

enum rec_msg_kind {
	MSG_SEGMENT,	/* a segment file is complete and synced: index it */
	MSG_BROKEN,	/* a segment file could not be finished: recover it */
	MSG_EVENT	/* a camera event (covered, moved, motion, clock, stream...) */
};

struct rec_msg {
	enum rec_msg_kind	 kind;
	char			 camera[40];
	struct seg_done		 seg;
	char			 event[24];
	char			 detail[512];
	struct rec_msg		*next;
};

struct rec_queue {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct rec_msg	*head, *tail;
};

void		 queue_init(struct rec_queue *);
void		 queue_destroy(struct rec_queue *);
void		 queue_push(struct rec_queue *, struct rec_msg *);
/* All waiting messages in order, waiting up to timeout_ms for the first. */
struct rec_msg	*queue_take(struct rec_queue *, int timeout_ms);

/*---- A camera ----*/

struct rec_cam {
	/* Set by the service before the thread starts; read-only after. */
	struct vg_camera		 cfg;
	const struct rec_settings	*set;
	struct rec_queue		*q;
	int				 phase_ms;	/* staggers this camera's cuts */
	int				 decode_phase_ms;	/* and its first keyframe decode */
	int64_t				 next_seq;
	int64_t				 prev_end_us;	/* end of its last indexed segment */

	/* Shared with the service. */
	atomic_int			 stop;
	atomic_int			 want_ref;	/* take a new reference frame */
	atomic_int			 demand_width;	/* watched live at this width; 0: not */
	atomic_int			 recording;	/* a segment is open */
	_Atomic int64_t			 last_pkt_mono;	/* 0: nothing received yet */
	_Atomic int64_t			 last_pkt_wall;
	struct rec_live			 live;		/* ticks while the thread runs */
	pthread_mutex_t			 mu;
	char				 last_error[512];

	/* The service's own bookkeeping. */
	pthread_t			 th;
	int				 running;
	int64_t				 started_mono;
	char				 status[16];	/* camera_state.status */
	int64_t				 status_since;
	int				 covered, moved, disk_stopped;
	int64_t				 last_seg_end;
	int				 index;
	int				 seen;		/* still in cameras.cfg (reload) */
};

/* Starts the thread; -1 with err if it cannot be created. */
int	ingest_start(struct rec_cam *, struct vg_err *);
/* Asks the thread to finish its segment and end; ingest_join waits for it. */
void	ingest_request_stop(struct rec_cam *);
void	ingest_join(struct rec_cam *);
/* The camera's last connection error ("" if none), copied into out. */
void	ingest_last_error(struct rec_cam *, char *out, size_t n);

/* Where a camera's reference frame is kept (caller frees). */
char	*ingest_reference_path(const struct rec_settings *, const char *camera);

/* A camera event for the service to record (the camera threads' way). */
void	ingest_event(struct rec_cam *, const char *kind, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Signals are the service's main thread's: other threads call this first. */
void	rec_block_signals(void);

/* A line on stderr, time-stamped, prefixed "vigil record: ". */
void	rec_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
