/* version.h — vigil's version, as exports and `vigil verify` state it. */
#ifndef VG_VERSION_H
#define VG_VERSION_H

#define VIGIL_VERSION "0.1"

#endif
