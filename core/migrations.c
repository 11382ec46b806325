/* migrations.c — the database schema as ordered migrations (DESIGN §4). */
#include "core/util.h"

/*
 * Migration N takes the schema from version N-1 to N (PRAGMA user_version).
 * Never edit a migration that has shipped: append a new one.  Times are
 * int64 microseconds UTC throughout.
 */

/* 1: foundation — organisation, people, credentials, cameras, segments, audit. */
static const char m001_foundation[] =
"CREATE TABLE meta ("
"  key TEXT PRIMARY KEY,"
"  value TEXT NOT NULL);"

/* Organisational units; the three-level model of DLUT art. 7 (level 1 the
 * security office, level 2 campus bodies, level 3 other units). */
"CREATE TABLE units ("
"  id TEXT PRIMARY KEY,"
"  name TEXT NOT NULL,"
"  level INTEGER NOT NULL DEFAULT 2 CHECK (level BETWEEN 1 AND 3),"
"  parent TEXT,"
"  campus TEXT NOT NULL DEFAULT '');"

"CREATE TABLE users ("
"  id INTEGER PRIMARY KEY,"
"  login TEXT NOT NULL UNIQUE,"
"  name TEXT NOT NULL,"
"  unit TEXT NOT NULL DEFAULT '',"
"  locale TEXT NOT NULL DEFAULT '',"
"  pw_hash TEXT,"
"  totp_secret TEXT,"
"  disabled INTEGER NOT NULL DEFAULT 0,"
"  created_us INTEGER NOT NULL,"
"  updated_us INTEGER NOT NULL);"

"CREATE TABLE user_roles ("
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  role TEXT NOT NULL,"
"  PRIMARY KEY (user_id, role));"

"CREATE TABLE user_keys ("
"  id INTEGER PRIMARY KEY,"
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  type TEXT NOT NULL,"
"  blob TEXT NOT NULL,"
"  bits INTEGER NOT NULL,"
"  fingerprint TEXT NOT NULL UNIQUE,"
"  comment TEXT NOT NULL DEFAULT '',"
"  added_us INTEGER NOT NULL);"

/* The authorised-personnel register: HHKCS §2.1.5, §2.2.4, §2.4.1. */
"CREATE TABLE authorizations ("
"  id INTEGER PRIMARY KEY,"
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  scope TEXT NOT NULL,"
"  trained_on_us INTEGER NOT NULL,"
"  granted_us INTEGER NOT NULL,"
"  until_us INTEGER NOT NULL,"
"  granted_by TEXT NOT NULL,"
"  revoked_us INTEGER,"
"  CHECK (until_us > granted_us));"
"CREATE INDEX authorizations_user ON authorizations(user_id, until_us);"

"CREATE TABLE login_attempts ("
"  id INTEGER PRIMARY KEY,"
"  login TEXT NOT NULL,"
"  source TEXT NOT NULL,"
"  method TEXT NOT NULL DEFAULT '',"
"  ts_us INTEGER NOT NULL,"
"  ok INTEGER NOT NULL);"
"CREATE INDEX login_attempts_login ON login_attempts(login, ts_us);"
"CREATE INDEX login_attempts_source ON login_attempts(source, ts_us);"

"CREATE TABLE sessions ("
"  id INTEGER PRIMARY KEY,"
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  source TEXT NOT NULL,"
"  kind TEXT NOT NULL,"
"  pid INTEGER,"
"  started_us INTEGER NOT NULL,"
"  ended_us INTEGER,"
"  end_reason TEXT);"
"CREATE INDEX sessions_open ON sessions(user_id, ended_us);"

/* Mirror of cameras.cfg; rows stay after removal because footage refers to them. */
"CREATE TABLE cameras ("
"  id TEXT PRIMARY KEY,"
"  name TEXT NOT NULL,"
"  location TEXT NOT NULL DEFAULT '',"
"  unit TEXT NOT NULL DEFAULT '',"
"  url TEXT NOT NULL,"
"  privacy TEXT NOT NULL CHECK (privacy IN ('public','sensitive','interior')),"
"  zone TEXT NOT NULL DEFAULT '',"
"  retention_days INTEGER NOT NULL CHECK (retention_days > 0),"
"  mode TEXT NOT NULL CHECK (mode IN ('continuous','motion')),"
"  transport TEXT NOT NULL DEFAULT 'tcp' CHECK (transport IN ('tcp','udp')),"
"  priority INTEGER NOT NULL DEFAULT 5,"
"  enabled INTEGER NOT NULL DEFAULT 1,"
"  removed_us INTEGER,"
"  updated_us INTEGER NOT NULL);"

/* DESIGN §5: one row per segment file, forming a per-camera hash chain. */
"CREATE TABLE segments ("
"  id INTEGER PRIMARY KEY,"
"  camera TEXT NOT NULL REFERENCES cameras(id),"
"  seq INTEGER NOT NULL,"
"  start_us INTEGER NOT NULL,"
"  end_us INTEGER NOT NULL,"
"  path TEXT NOT NULL UNIQUE,"
"  bytes INTEGER NOT NULL,"
"  sha256 TEXT NOT NULL,"
"  prev_chain TEXT NOT NULL,"
"  chain TEXT NOT NULL,"
"  recovered INTEGER NOT NULL DEFAULT 0,"
"  state TEXT NOT NULL DEFAULT 'ok' CHECK (state IN ('ok','garbage')),"
"  UNIQUE (camera, seq),"
"  CHECK (end_us >= start_us));"
"CREATE INDEX segments_camera_start ON segments(camera, start_us);"

/* Append-only audit chain (DESIGN §4); kind 'seal' rows carry a signature. */
"CREATE TABLE audit ("
"  id INTEGER PRIMARY KEY,"
"  ts_us INTEGER NOT NULL,"
"  kind TEXT NOT NULL DEFAULT 'entry' CHECK (kind IN ('entry','seal')),"
"  actor TEXT NOT NULL,"
"  action TEXT NOT NULL,"
"  object TEXT NOT NULL,"
"  detail TEXT NOT NULL,"
"  source TEXT NOT NULL,"
"  prev_hash TEXT NOT NULL,"
"  hash TEXT NOT NULL,"
"  sig TEXT NOT NULL DEFAULT '');"
"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
"  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;"
"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
"  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;";

/* 2: recorder health events and retention holds (the holds' lifecycle is governance's). */
static const char m002_events_holds[] =
"CREATE TABLE camera_events ("
"  id INTEGER PRIMARY KEY,"
"  camera TEXT REFERENCES cameras(id),"
"  ts_us INTEGER NOT NULL,"
"  kind TEXT NOT NULL,"
"  detail TEXT NOT NULL DEFAULT '',"
"  acked_by INTEGER REFERENCES users(id),"
"  acked_us INTEGER);"
"CREATE INDEX camera_events_camera_ts ON camera_events(camera, ts_us);"

/* Current health per camera, written by the recorder, read by the console. */
"CREATE TABLE camera_state ("
"  camera TEXT PRIMARY KEY REFERENCES cameras(id),"
"  status TEXT NOT NULL DEFAULT 'unknown',"
"  since_us INTEGER NOT NULL DEFAULT 0,"
"  recording INTEGER NOT NULL DEFAULT 0,"
"  covered INTEGER NOT NULL DEFAULT 0,"
"  moved INTEGER NOT NULL DEFAULT 0,"
"  last_segment_end_us INTEGER NOT NULL DEFAULT 0,"
"  last_frame_us INTEGER NOT NULL DEFAULT 0,"
"  updated_us INTEGER NOT NULL DEFAULT 0);"

"CREATE TABLE recorder_heartbeat ("
"  node TEXT PRIMARY KEY,"
"  pid INTEGER NOT NULL,"
"  started_us INTEGER NOT NULL,"
"  beat_us INTEGER NOT NULL);"

/* A hold keeps footage past retention until its own end (until_us, NULL =
 * until released); HHKCS §2.5.3(iv)(v), DLUT art. 15(2)3. */
"CREATE TABLE holds ("
"  id INTEGER PRIMARY KEY,"
"  category TEXT NOT NULL,"
"  reason TEXT NOT NULL,"
"  from_us INTEGER NOT NULL,"
"  to_us INTEGER NOT NULL,"
"  placed_by INTEGER REFERENCES users(id),"
"  placed_us INTEGER NOT NULL,"
"  until_us INTEGER,"
"  released_by INTEGER REFERENCES users(id),"
"  released_us INTEGER,"
"  release_reason TEXT,"
"  CHECK (to_us > from_us));"
"CREATE TABLE hold_cameras ("
"  hold_id INTEGER NOT NULL REFERENCES holds(id),"
"  camera TEXT NOT NULL REFERENCES cameras(id),"
"  PRIMARY KEY (hold_id, camera));"
"CREATE INDEX hold_cameras_camera ON hold_cameras(camera);";

/* 3: the request lifecycle — requests, approval steps, viewings, usage reports
 * (DESIGN §4) — and what a hold needs beyond migration 2. */
static const char m003_requests[] =
"CREATE TABLE requests ("
"  id INTEGER PRIMARY KEY,"
"  ref TEXT NOT NULL UNIQUE,"			/* REQ-2026-0001 */
"  requester_id INTEGER NOT NULL REFERENCES users(id),"
"  requester_unit TEXT NOT NULL DEFAULT '',"
"  requester_kind TEXT NOT NULL,"
"  kind TEXT NOT NULL CHECK (kind IN ('view','copy')),"
"  purpose TEXT NOT NULL,"
"  reason TEXT NOT NULL,"
"  from_us INTEGER NOT NULL,"
"  to_us INTEGER NOT NULL,"
"  viewers INTEGER NOT NULL DEFAULT 1 CHECK (viewers > 0),"
"  emergency INTEGER NOT NULL DEFAULT 0,"
"  agency TEXT NOT NULL DEFAULT '',"
"  letter TEXT NOT NULL DEFAULT '',"
"  officer TEXT NOT NULL DEFAULT '',"
"  officer_id TEXT NOT NULL DEFAULT '',"
"  certificate TEXT NOT NULL DEFAULT '',"
"  use_until_us INTEGER,"
"  routes TEXT NOT NULL DEFAULT '',"		/* the profile's routes that decided it */
"  policy TEXT NOT NULL,"			/* the profile's name when it was filed */
"  status TEXT NOT NULL CHECK (status IN"
"    ('draft','submitted','granted','rejected','withdrawn','closed')),"
"  created_us INTEGER NOT NULL,"
"  submitted_us INTEGER,"
"  decided_us INTEGER,"
"  grant_until_us INTEGER,"			/* a grant is active before this */
"  closed_us INTEGER,"
"  report_due_us INTEGER,"			/* usage report due; NULL = none due */
"  CHECK (to_us > from_us));"
"CREATE INDEX requests_requester ON requests(requester_id, created_us);"
"CREATE INDEX requests_status ON requests(status, created_us);"

"CREATE TABLE request_cameras ("
"  request_id INTEGER NOT NULL REFERENCES requests(id),"
"  camera TEXT NOT NULL REFERENCES cameras(id),"
"  PRIMARY KEY (request_id, camera));"

/* One row per required step, in signing order; decided once. */
"CREATE TABLE approvals ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES requests(id),"
"  step INTEGER NOT NULL CHECK (step > 0),"
"  roles TEXT NOT NULL,"			/* any of these roles signs: "a,b" */
"  relation TEXT NOT NULL DEFAULT '',"
"  unit TEXT NOT NULL DEFAULT '',"		/* the signer's unit, '' = any */
"  article TEXT NOT NULL DEFAULT '',"
"  title TEXT NOT NULL DEFAULT '',"
"  title_zh TEXT NOT NULL DEFAULT '',"
"  comment_required INTEGER NOT NULL DEFAULT 0,"
"  decision TEXT CHECK (decision IN ('approved','rejected')),"
"  signer_id INTEGER REFERENCES users(id),"
"  signer_role TEXT,"
"  decided_us INTEGER,"
"  comment TEXT,"
"  UNIQUE (request_id, step));"
/* One person never signs two steps of the same request. */
"CREATE UNIQUE INDEX approvals_one_signature ON approvals(request_id, signer_id)"
"  WHERE signer_id IS NOT NULL;"

"CREATE TABLE viewings ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL REFERENCES requests(id),"
"  operator_id INTEGER NOT NULL REFERENCES users(id),"
"  source TEXT NOT NULL DEFAULT '',"
"  started_us INTEGER NOT NULL,"
"  ended_us INTEGER,"
"  not_involved INTEGER NOT NULL CHECK (not_involved = 1),"	/* the declaration */
"  notes TEXT NOT NULL DEFAULT '',"
"  destination TEXT NOT NULL DEFAULT '',"
"  copied INTEGER NOT NULL DEFAULT 0);"
"CREATE INDEX viewings_request ON viewings(request_id);"

"CREATE TABLE viewing_people ("
"  viewing_id INTEGER NOT NULL REFERENCES viewings(id),"
"  seq INTEGER NOT NULL,"
"  name TEXT NOT NULL,"
"  id_number TEXT NOT NULL,"
"  PRIMARY KEY (viewing_id, seq));"

/* What was actually played, logged by the player. */
"CREATE TABLE viewing_ranges ("
"  id INTEGER PRIMARY KEY,"
"  viewing_id INTEGER NOT NULL REFERENCES viewings(id),"
"  camera TEXT NOT NULL REFERENCES cameras(id),"
"  from_us INTEGER NOT NULL,"
"  to_us INTEGER NOT NULL,"
"  logged_us INTEGER NOT NULL,"
"  CHECK (to_us > from_us));"

"CREATE TABLE usage_reports ("
"  id INTEGER PRIMARY KEY,"
"  request_id INTEGER NOT NULL UNIQUE REFERENCES requests(id),"
"  filed_by INTEGER NOT NULL REFERENCES users(id),"
"  filed_us INTEGER NOT NULL,"
"  text TEXT NOT NULL);"

/* A hold released whose category keeps footage after release (HHKCS
 * 2.5.3(iv): one year after the investigation closes) is closed instead:
 * until_us moves to the end of that period and released_us stays NULL, so
 * the recorder's definition of an active hold needs no change. */
"ALTER TABLE holds ADD COLUMN closed_by INTEGER REFERENCES users(id);"
"ALTER TABLE holds ADD COLUMN closed_us INTEGER;"
"ALTER TABLE holds ADD COLUMN close_reason TEXT;"
"ALTER TABLE holds ADD COLUMN request_id INTEGER REFERENCES requests(id);";

/* 4: the last one-time-code step a user spent, so a code is never accepted
 * twice (RFC 6238 §5.2). */
static const char m004_totp_last_step[] =
"ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;";

/* 5: retention cuts in the per-camera segment hash chains (DESIGN §5).  A run of
 * purged segments leaves one row holding the chain link that the next kept
 * segment continues from, so `footage verify` can tell a purge from a deletion. */
static const char m005_segment_cuts[] =
"CREATE TABLE segment_cuts ("
"  camera TEXT NOT NULL REFERENCES cameras(id),"
"  seq_from INTEGER NOT NULL,"
"  seq_to INTEGER NOT NULL,"
"  chain TEXT NOT NULL,"
"  segments INTEGER NOT NULL,"
"  bytes INTEGER NOT NULL,"
"  cut_us INTEGER NOT NULL,"
"  PRIMARY KEY (camera, seq_from),"
"  CHECK (seq_to >= seq_from));";

/* 6: audit entries found by what they did to what: a grant is honoured only
 * with its signed request.grant entry, footage verify takes the newest signed
 * footage.heads, and `audit verify --deep` looks up every record's entries. */
static const char m006_audit_lookup[] =
"CREATE INDEX audit_object_action ON audit(object, action);";

/* 7: policy fidelity (issue 15).  Where a copy went, as a destination kind of
 * the profile and the person who took it with their ID; registered users among
 * a viewing's viewers (their roles and unit can then be checked); the people a
 * request names as co-applicants (DLUT art. 15(1)4, 15(2)2) and the manner of a
 * copy; holds with a minimum term that no one may release before it ends (DLUT
 * art. 15(2)3: the limitation period); classes linked to cameras and teachers
 * linked to their classes (GUAT art. 17(1)). */
static const char m007_policy_fidelity[] =
"ALTER TABLE viewings ADD COLUMN recipient_name TEXT NOT NULL DEFAULT '';"
"ALTER TABLE viewings ADD COLUMN recipient_id TEXT NOT NULL DEFAULT '';"
"ALTER TABLE viewing_people ADD COLUMN login TEXT NOT NULL DEFAULT '';"
"ALTER TABLE requests ADD COLUMN manner TEXT NOT NULL DEFAULT '';"
"ALTER TABLE requests ADD COLUMN hold_term TEXT NOT NULL DEFAULT '';"
"CREATE TABLE request_applicants ("
"  request_id INTEGER NOT NULL REFERENCES requests(id),"
"  seq INTEGER NOT NULL,"
"  name TEXT NOT NULL,"
"  id_number TEXT NOT NULL,"
"  PRIMARY KEY (request_id, seq));"
"ALTER TABLE holds ADD COLUMN term TEXT NOT NULL DEFAULT '';"
"ALTER TABLE holds ADD COLUMN min_until_us INTEGER;"
/* The minimum term holds in the database too, whoever writes to it. */
"CREATE TRIGGER holds_min_term BEFORE UPDATE ON holds"
"  WHEN OLD.min_until_us IS NOT NULL AND"
"    ((NEW.released_us IS NOT NULL AND NEW.released_us < OLD.min_until_us) OR"
"     (NEW.closed_us IS NOT NULL AND NEW.closed_us < OLD.min_until_us) OR"
"     (NEW.until_us IS NOT NULL AND NEW.until_us < OLD.min_until_us) OR"
"     NEW.min_until_us IS NOT OLD.min_until_us)"
"  BEGIN SELECT RAISE(ABORT, 'a hold is not released before its minimum term'); END;"
"CREATE TRIGGER holds_min_term_delete BEFORE DELETE ON holds"
"  WHEN OLD.min_until_us IS NOT NULL"
"  BEGIN SELECT RAISE(ABORT, 'a hold with a minimum term is never deleted'); END;"
"CREATE TABLE classes ("
"  id TEXT PRIMARY KEY,"
"  name TEXT NOT NULL,"
"  unit TEXT NOT NULL DEFAULT '',"
"  created_us INTEGER NOT NULL);"
"CREATE TABLE class_cameras ("
"  class_id TEXT NOT NULL REFERENCES classes(id),"
"  camera TEXT NOT NULL REFERENCES cameras(id),"
"  PRIMARY KEY (class_id, camera));"
"CREATE TABLE class_teachers ("
"  class_id TEXT NOT NULL REFERENCES classes(id),"
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  PRIMARY KEY (class_id, user_id));"
"CREATE INDEX class_teachers_user ON class_teachers(user_id);";

/* 8: the records a monitoring room keeps besides footage (issue 14): the duty
 * log and its handovers (GCU art. 14(2)(3), DLUT art. 18), the control-room
 * entry log (GCU art. 15, DLUT art. 18(4)), the equipment inventory with its
 * inspections, and faults from report to fix (HHKCS 5.4, GCU art. 10, GUAT
 * art. 7, DLUT art. 20(5)).  Nothing here is deleted or rewritten: a mistake
 * is answered by a later row that names the one it corrects (corrects), and
 * the few columns that complete a row (a shift's end and handover, its
 * acknowledgement, an exit, a fix) are set once.  Triggers hold the database
 * to that whoever writes to it. */
static const char m008_records[] =
"CREATE TABLE duty_shifts ("
"  id INTEGER PRIMARY KEY,"
"  guard_id INTEGER NOT NULL REFERENCES users(id),"
"  desk TEXT NOT NULL,"
"  started_us INTEGER NOT NULL,"
"  source TEXT NOT NULL DEFAULT '',"
"  ended_us INTEGER,"
"  handover TEXT,"
"  acked_by INTEGER REFERENCES users(id),"		/* the next guard */
"  acked_shift INTEGER REFERENCES duty_shifts(id),"	/* on this shift of theirs */
"  acked_us INTEGER,"
"  CHECK (ended_us IS NULL OR (ended_us >= started_us AND handover IS NOT NULL)));"
"CREATE INDEX duty_shifts_guard ON duty_shifts(guard_id, ended_us);"
"CREATE INDEX duty_shifts_desk ON duty_shifts(desk, ended_us);"
"CREATE TRIGGER duty_shifts_no_delete BEFORE DELETE ON duty_shifts"
"  BEGIN SELECT RAISE(ABORT, 'the duty log is append-only'); END;"
"CREATE TRIGGER duty_shifts_set_once BEFORE UPDATE ON duty_shifts"
"  WHEN NEW.guard_id IS NOT OLD.guard_id OR NEW.desk IS NOT OLD.desk"
"    OR NEW.started_us IS NOT OLD.started_us OR NEW.source IS NOT OLD.source"
"    OR (OLD.ended_us IS NOT NULL AND (NEW.ended_us IS NOT OLD.ended_us"
"      OR NEW.handover IS NOT OLD.handover))"
"    OR (OLD.acked_us IS NOT NULL AND (NEW.acked_us IS NOT OLD.acked_us"
"      OR NEW.acked_by IS NOT OLD.acked_by OR NEW.acked_shift IS NOT OLD.acked_shift))"
"  BEGIN SELECT RAISE(ABORT, 'the duty log is append-only'); END;"

"CREATE TABLE duty_events ("
"  id INTEGER PRIMARY KEY,"
"  shift_id INTEGER NOT NULL REFERENCES duty_shifts(id),"
"  at_us INTEGER NOT NULL,"			/* when it happened */
"  logged_us INTEGER NOT NULL,"
"  kind TEXT NOT NULL,"				/* one of the profile's duty event kinds */
"  text TEXT NOT NULL,"
"  cameras TEXT NOT NULL DEFAULT '',"		/* "a,b" */
"  camera_event_id INTEGER REFERENCES camera_events(id),"	/* logged from an alarm */
"  corrects INTEGER REFERENCES duty_events(id));"
"CREATE INDEX duty_events_shift ON duty_events(shift_id, at_us);"
"CREATE UNIQUE INDEX duty_events_alarm ON duty_events(camera_event_id)"
"  WHERE camera_event_id IS NOT NULL;"
"CREATE TRIGGER duty_events_no_update BEFORE UPDATE ON duty_events"
"  BEGIN SELECT RAISE(ABORT, 'the duty log is append-only'); END;"
"CREATE TRIGGER duty_events_no_delete BEFORE DELETE ON duty_events"
"  BEGIN SELECT RAISE(ABORT, 'the duty log is append-only'); END;"

"CREATE TABLE room_entries ("
"  id INTEGER PRIMARY KEY,"
"  name TEXT NOT NULL,"
"  id_number TEXT NOT NULL,"
"  organisation TEXT NOT NULL,"
"  reason TEXT NOT NULL,"
"  escort TEXT NOT NULL DEFAULT '',"
"  in_us INTEGER NOT NULL,"
"  out_us INTEGER,"
"  logged_by INTEGER NOT NULL REFERENCES users(id),"
"  logged_us INTEGER NOT NULL,"
"  shift_id INTEGER REFERENCES duty_shifts(id),"	/* the logging guard's shift */
"  out_by INTEGER REFERENCES users(id),"
"  out_logged_us INTEGER,"
"  corrects INTEGER REFERENCES room_entries(id),"
"  CHECK (out_us IS NULL OR out_us >= in_us));"
"CREATE INDEX room_entries_open ON room_entries(out_us, in_us);"
"CREATE TRIGGER room_entries_no_delete BEFORE DELETE ON room_entries"
"  BEGIN SELECT RAISE(ABORT, 'the control-room log is append-only'); END;"
"CREATE TRIGGER room_entries_set_once BEFORE UPDATE ON room_entries"
"  WHEN NEW.name IS NOT OLD.name OR NEW.id_number IS NOT OLD.id_number"
"    OR NEW.organisation IS NOT OLD.organisation OR NEW.reason IS NOT OLD.reason"
"    OR NEW.escort IS NOT OLD.escort OR NEW.in_us IS NOT OLD.in_us"
"    OR NEW.logged_by IS NOT OLD.logged_by OR NEW.logged_us IS NOT OLD.logged_us"
"    OR NEW.shift_id IS NOT OLD.shift_id OR NEW.corrects IS NOT OLD.corrects"
"    OR OLD.out_us IS NOT NULL"
"  BEGIN SELECT RAISE(ABORT, 'the control-room log is append-only'); END;"

/* Cameras are in the inventory through the cameras table; a row here adds
 * equipment or what cameras.cfg does not say about a camera (installed,
 * maintainer).  The newest row of a tag is its current description. */
"CREATE TABLE equipment ("
"  id INTEGER PRIMARY KEY,"
"  tag TEXT NOT NULL,"
"  kind TEXT NOT NULL CHECK (kind IN"
"    ('camera','recorder','storage','network','monitor','other')),"
"  name TEXT NOT NULL,"
"  location TEXT NOT NULL DEFAULT '',"
"  installed_us INTEGER,"
"  maintainer TEXT NOT NULL DEFAULT '',"
"  added_by INTEGER REFERENCES users(id),"
"  added_us INTEGER NOT NULL,"
"  corrects INTEGER REFERENCES equipment(id));"
"CREATE INDEX equipment_tag ON equipment(tag, id);"

"CREATE TABLE inspections ("
"  id INTEGER PRIMARY KEY,"
"  equipment TEXT NOT NULL,"			/* a tag */
"  result TEXT NOT NULL CHECK (result IN ('ok','fault')),"
"  notes TEXT NOT NULL,"
"  by_id INTEGER REFERENCES users(id),"
"  at_us INTEGER NOT NULL,"
"  corrects INTEGER REFERENCES inspections(id));"
"CREATE INDEX inspections_equipment ON inspections(equipment, at_us);"

"CREATE TABLE faults ("
"  id INTEGER PRIMARY KEY,"
"  equipment TEXT NOT NULL,"			/* a tag */
"  cause TEXT NOT NULL CHECK (cause IN"
"    ('reported','inspection','offline','covered','moved')),"
"  text TEXT NOT NULL,"
"  reported_by INTEGER REFERENCES users(id),"	/* NULL: raised by vigil */
"  reported_us INTEGER NOT NULL,"
"  began_us INTEGER,"				/* raised: when the camera's trouble began */
"  inspection_id INTEGER REFERENCES inspections(id),"
"  fixed_by INTEGER REFERENCES users(id),"
"  fixed_us INTEGER,"
"  fix_notes TEXT,"
"  CHECK (fixed_us IS NULL OR (fixed_us >= reported_us AND fix_notes IS NOT NULL)));"
"CREATE INDEX faults_equipment ON faults(equipment, fixed_us);"
"CREATE INDEX faults_open ON faults(fixed_us, reported_us);"
"CREATE TRIGGER faults_no_delete BEFORE DELETE ON faults"
"  BEGIN SELECT RAISE(ABORT, 'faults are never deleted'); END;"
"CREATE TRIGGER faults_set_once BEFORE UPDATE ON faults"
"  WHEN NEW.equipment IS NOT OLD.equipment OR NEW.cause IS NOT OLD.cause"
"    OR NEW.text IS NOT OLD.text OR NEW.reported_by IS NOT OLD.reported_by"
"    OR NEW.reported_us IS NOT OLD.reported_us OR NEW.began_us IS NOT OLD.began_us"
"    OR NEW.inspection_id IS NOT OLD.inspection_id OR OLD.fixed_us IS NOT NULL"
"  BEGIN SELECT RAISE(ABORT, 'faults are never rewritten'); END;"

/* Who a fault is assigned to: the newest row (a reassignment is a new row). */
"CREATE TABLE fault_assignments ("
"  id INTEGER PRIMARY KEY,"
"  fault_id INTEGER NOT NULL REFERENCES faults(id),"
"  assignee INTEGER NOT NULL REFERENCES users(id),"
"  by_id INTEGER REFERENCES users(id),"
"  at_us INTEGER NOT NULL);"
"CREATE INDEX fault_assignments_fault ON fault_assignments(fault_id, id);"
"CREATE TRIGGER equipment_no_update BEFORE UPDATE ON equipment"
"  BEGIN SELECT RAISE(ABORT, 'the equipment register is append-only'); END;"
"CREATE TRIGGER equipment_no_delete BEFORE DELETE ON equipment"
"  BEGIN SELECT RAISE(ABORT, 'the equipment register is append-only'); END;"
"CREATE TRIGGER inspections_no_update BEFORE UPDATE ON inspections"
"  BEGIN SELECT RAISE(ABORT, 'inspections are append-only'); END;"
"CREATE TRIGGER inspections_no_delete BEFORE DELETE ON inspections"
"  BEGIN SELECT RAISE(ABORT, 'inspections are append-only'); END;"
"CREATE TRIGGER fault_assignments_no_update BEFORE UPDATE ON fault_assignments"
"  BEGIN SELECT RAISE(ABORT, 'fault assignments are append-only'); END;"
"CREATE TRIGGER fault_assignments_no_delete BEFORE DELETE ON fault_assignments"
"  BEGIN SELECT RAISE(ABORT, 'fault assignments are append-only'); END;";

/* 9: evidence exports of granted copies (DESIGN §5, §8): the bundle made for one
 * recipient, the ranges it holds, and every download of it with its bytes. */
static const char m009_exports[] =
"CREATE TABLE exports ("
"  id INTEGER PRIMARY KEY,"
"  name TEXT NOT NULL UNIQUE,"			/* REQ-2026-0004-E1 */
"  request_id INTEGER NOT NULL REFERENCES requests(id),"
"  seq INTEGER NOT NULL CHECK (seq > 0),"	/* E1, E2... per request */
"  viewing_id INTEGER REFERENCES viewings(id),"	/* the viewing that handed it over */
"  recipient_id INTEGER NOT NULL REFERENCES users(id),"
"  created_by INTEGER REFERENCES users(id),"
"  created_us INTEGER NOT NULL,"
"  expires_us INTEGER NOT NULL,"
"  file TEXT NOT NULL,"				/* relative to paths.exports */
"  bytes INTEGER NOT NULL,"
"  sha256 TEXT NOT NULL,"
"  revoked_us INTEGER,"
"  revoked_by INTEGER REFERENCES users(id),"
"  revoke_reason TEXT,"
"  removed_us INTEGER,"				/* the file was deleted */
"  UNIQUE (request_id, seq),"
"  CHECK (expires_us > created_us));"
"CREATE INDEX exports_recipient ON exports(recipient_id);"
"CREATE INDEX exports_viewing ON exports(viewing_id);"

"CREATE TABLE export_ranges ("
"  export_id INTEGER NOT NULL REFERENCES exports(id),"
"  camera TEXT NOT NULL REFERENCES cameras(id),"
"  from_us INTEGER NOT NULL,"
"  to_us INTEGER NOT NULL,"
"  seq_from INTEGER NOT NULL,"
"  seq_to INTEGER NOT NULL,"
"  PRIMARY KEY (export_id, camera),"
"  CHECK (to_us > from_us));"

"CREATE TABLE downloads ("
"  id INTEGER PRIMARY KEY,"
"  export_id INTEGER NOT NULL REFERENCES exports(id),"
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  protocol TEXT NOT NULL CHECK (protocol IN ('sftp','scp')),"
"  source TEXT NOT NULL,"
"  started_us INTEGER NOT NULL,"
"  ended_us INTEGER,"
"  from_offset INTEGER NOT NULL DEFAULT 0,"	/* a resumed download starts there */
"  bytes INTEGER NOT NULL DEFAULT 0,"
"  complete INTEGER NOT NULL DEFAULT 0);"
"CREATE INDEX downloads_export ON downloads(export_id);";

/* 10: each user's choice of terminal graphics for footage in the console
 * (issue 11): auto (what the terminal answers), sixel, kitty, blocks, none. */
static const char m010_user_graphics[] =
"ALTER TABLE users ADD COLUMN graphics TEXT NOT NULL DEFAULT 'auto'"
"  CHECK (graphics IN ('auto','sixel','kitty','blocks','none'));";

/* 11: a footage index that stays fast at 90 days x 300 cameras (issue 17).
 * `status` counted and summed every segment row (1.5 s at 5 M rows): the
 * totals per camera are kept by triggers instead, filled once here.  The
 * retention pass looked for rows marked garbage by reading the whole table,
 * twice a pass: a partial index holds just those.  Range reads and the
 * retention plan use the (camera, start_us) index with both ends bounded
 * (core/segments.c, recorder/retention.c). */
static const char m011_segment_totals[] =
"CREATE INDEX segments_garbage ON segments(camera, seq) WHERE state = 'garbage';"
"CREATE TABLE segment_totals ("
"  camera TEXT PRIMARY KEY REFERENCES cameras(id),"
"  segments INTEGER NOT NULL DEFAULT 0,"
"  bytes INTEGER NOT NULL DEFAULT 0);"
"INSERT INTO segment_totals (camera, segments, bytes)"
"  SELECT camera, COUNT(*), SUM(bytes) FROM segments WHERE state = 'ok' GROUP BY camera;"
"CREATE TRIGGER segment_totals_insert AFTER INSERT ON segments WHEN new.state = 'ok'"
"  BEGIN INSERT INTO segment_totals (camera, segments, bytes) VALUES (new.camera, 1, new.bytes)"
"    ON CONFLICT(camera) DO UPDATE SET segments = segments + 1,"
"    bytes = bytes + excluded.bytes; END;"
"CREATE TRIGGER segment_totals_delete AFTER DELETE ON segments WHEN old.state = 'ok'"
"  BEGIN UPDATE segment_totals SET segments = segments - 1, bytes = bytes - old.bytes"
"    WHERE camera = old.camera; END;"
"CREATE TRIGGER segment_totals_update AFTER UPDATE OF state, bytes ON segments"
"  BEGIN INSERT INTO segment_totals (camera, segments, bytes) VALUES (new.camera, 0, 0)"
"    ON CONFLICT(camera) DO NOTHING;"
"  UPDATE segment_totals SET"
"    segments = segments - (old.state = 'ok') + (new.state = 'ok'),"
"    bytes = bytes - (CASE WHEN old.state = 'ok' THEN old.bytes ELSE 0 END)"
"      + (CASE WHEN new.state = 'ok' THEN new.bytes ELSE 0 END)"
"    WHERE camera = new.camera; END;";

/* 12: the monthly review (issue 13, HHKCS 2.5.2, 3.5): one row per month with
 * what the audit and footage checks said when it was built, the reviewer's
 * conclusion and the sign-off, which records the audit log's head (id, hash
 * and the site's signature over them, as a witness line) and the footage
 * chain heads, so that a later rewrite of the month shows against a signed,
 * dated witness; the findings computed from the records, each answered
 * accepted or follow-up with a note; the reports written for download and
 * each download of them.  A signed review and its findings never change.
 * The register gains who revoked an entry and why, and the entry a renewal
 * follows (HHKCS 2.4.1); the audit log is read by time, actor and action. */
static const char m012_reviews[] =
"ALTER TABLE authorizations ADD COLUMN revoked_by TEXT;"
"ALTER TABLE authorizations ADD COLUMN revoke_reason TEXT;"
"ALTER TABLE authorizations ADD COLUMN renews INTEGER REFERENCES authorizations(id);"
"CREATE INDEX audit_ts ON audit(ts_us);"
"CREATE INDEX audit_actor ON audit(actor, id);"
"CREATE INDEX audit_action ON audit(action, id);"
"CREATE TABLE reviews ("
"  id INTEGER PRIMARY KEY,"
"  month TEXT NOT NULL UNIQUE,"			/* YYYY-MM */
"  from_us INTEGER NOT NULL,"
"  to_us INTEGER NOT NULL,"
"  opened_by INTEGER REFERENCES users(id),"
"  opened_us INTEGER NOT NULL,"
"  built_us INTEGER NOT NULL,"			/* findings last computed */
"  audit_ok INTEGER,"				/* audit verify when built */
"  audit_result TEXT NOT NULL DEFAULT '',"
"  footage_ok INTEGER,"				/* footage verify when built; NULL not run */
"  footage_result TEXT NOT NULL DEFAULT '',"
"  conclusion TEXT NOT NULL DEFAULT '',"
"  signed_by INTEGER REFERENCES users(id),"
"  signed_us INTEGER,"
"  head_id INTEGER,"				/* the audit head at sign-off */
"  head_hash TEXT,"
"  head_sig TEXT,"
"  footage_heads TEXT,"
"  CHECK (to_us > from_us));"
"CREATE TRIGGER reviews_signed BEFORE UPDATE ON reviews WHEN OLD.signed_us IS NOT NULL"
"  BEGIN SELECT RAISE(ABORT, 'a signed-off review is never changed'); END;"
"CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews"
"  BEGIN SELECT RAISE(ABORT, 'reviews are never deleted'); END;"
"CREATE TABLE review_findings ("
"  id INTEGER PRIMARY KEY,"
"  review_id INTEGER NOT NULL REFERENCES reviews(id),"
"  kind TEXT NOT NULL,"
"  subject TEXT NOT NULL,"			/* what it is about, stable across rebuilds */
"  who TEXT NOT NULL DEFAULT '',"
"  what TEXT NOT NULL DEFAULT '',"
"  n INTEGER NOT NULL DEFAULT 0,"
"  t1_us INTEGER NOT NULL DEFAULT 0,"
"  t2_us INTEGER NOT NULL DEFAULT 0,"
"  links TEXT NOT NULL DEFAULT '',"		/* audit objects and entry ids */
"  found_us INTEGER NOT NULL,"
"  gone_us INTEGER,"				/* no longer found by a rebuild */
"  answer TEXT CHECK (answer IN ('accepted','follow-up')),"
"  note TEXT NOT NULL DEFAULT '',"
"  answered_by INTEGER REFERENCES users(id),"
"  answered_us INTEGER,"
"  UNIQUE (review_id, kind, subject));"
"CREATE TRIGGER review_findings_signed BEFORE UPDATE ON review_findings"
"  WHEN (SELECT signed_us FROM reviews WHERE id = OLD.review_id) IS NOT NULL"
"  BEGIN SELECT RAISE(ABORT, 'the findings of a signed-off review are never changed'); END;"
"CREATE TRIGGER review_findings_no_delete BEFORE DELETE ON review_findings"
"  BEGIN SELECT RAISE(ABORT, 'findings are never deleted'); END;"
"CREATE TABLE review_reports ("
"  id INTEGER PRIMARY KEY,"
"  review_id INTEGER NOT NULL REFERENCES reviews(id),"
"  file TEXT NOT NULL UNIQUE,"			/* review-2026-03.html, in paths.data/reports */
"  format TEXT NOT NULL CHECK (format IN ('html','csv')),"
"  bytes INTEGER NOT NULL,"
"  sha256 TEXT NOT NULL,"
"  created_by INTEGER REFERENCES users(id),"
"  created_us INTEGER NOT NULL);"
"CREATE TABLE report_downloads ("
"  id INTEGER PRIMARY KEY,"
"  report_id INTEGER NOT NULL REFERENCES review_reports(id),"
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  protocol TEXT NOT NULL CHECK (protocol IN ('sftp','scp')),"
"  source TEXT NOT NULL,"
"  started_us INTEGER NOT NULL,"
"  ended_us INTEGER,"
"  from_offset INTEGER NOT NULL DEFAULT 0,"
"  bytes INTEGER NOT NULL DEFAULT 0,"
"  complete INTEGER NOT NULL DEFAULT 0);";

/* 13: the outside body a liaison belongs to (issue 12): an outside body's
 * copy goes only to that body's liaison (HHKCS 2.5.3(i), GCU art. 16(2)3).
 * "" for everyone of the school; core/users.c keeps it off users with a unit. */
static const char m013_user_agency[] =
"ALTER TABLE users ADD COLUMN agency TEXT NOT NULL DEFAULT '';";

const char *const vg_migrations[] = {
	m001_foundation,
	m002_events_holds,
	m003_requests,
	m004_totp_last_step,
	m005_segment_cuts,
	m006_audit_lookup,
	m007_policy_fidelity,
	m008_records,
	m009_exports,
	m010_user_graphics,
	m011_segment_totals,
	m012_reviews,
	m013_user_agency,
};
const int vg_migration_count = (int)VG_ARRLEN(vg_migrations);
