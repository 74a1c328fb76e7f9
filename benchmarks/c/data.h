/*
 * A luadata-like object for the C harnesses: a userdata holding a pointer and a size, re-pointed
 * at each packet and cleared after, whose methods check the object and the bounds and read
 * host-order integers, as Lunatik's luadata does; and the rounds' clock and sort. Shared by
 * packet_callback.c and netfilter_callback.c.
 */
#ifndef LUNATIK_BENCH_DATA_H
#define LUNATIK_BENCH_DATA_H

#include <lua.h>
#include <lauxlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

typedef struct {
	uint8_t *ptr;
	size_t size;
} data_t;

static data_t *checkdata(lua_State *L)
{
	data_t *d = (data_t *)luaL_checkudata(L, 1, "data");
	if (d->ptr == NULL)
		luaL_argerror(L, 1, "null-pointer dereference");
	return d;
}

static size_t checkoffset(lua_State *L, data_t *d, size_t width)
{
	lua_Integer off = luaL_checkinteger(L, 2);
	luaL_argcheck(L, off >= 0 && (size_t)off + width <= d->size, 2, "out of bounds");
	return (size_t)off;
}

#define GETTER(name, type) \
static int data_##name(lua_State *L) \
{ \
	data_t *d = checkdata(L); \
	size_t off = checkoffset(L, d, sizeof(type)); \
	type v; \
	memcpy(&v, d->ptr + off, sizeof(type)); \
	lua_pushinteger(L, (lua_Integer)v); \
	return 1; \
}

/* the monotonic clock in nanoseconds, for timing a round */
static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* qsort order of the rounds' times (doubles, ascending) */
static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

#endif
