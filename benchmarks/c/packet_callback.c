/*
 * The packet-hook call through the reference C Lua API, for comparison with
 * PacketCallbackBenchmark (JMH). Shape of Lunatik's lunatik_run + luadata: take the runtime's
 * spinlock, re-point a data object (a userdata holding a pointer and a size) at the packet,
 * lua_pcall the callback with it, read the integer verdict, clear the data object, unlock.
 * The data methods check their object and bounds and read host-order integers, as luadata does.
 *
 * usage: packet_callback SCRIPT [ITERATIONS] [ROUNDS]
 *   SCRIPT returns the callback function(pkt) -> integer.
 * Prints ns per call for each round and the best/median.
 */
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PKT_SIZE 1500

#include "data.h"

GETTER(getint8, int8_t)
GETTER(getuint8, uint8_t)
GETTER(getint16, int16_t)
GETTER(getuint16, uint16_t)
GETTER(getint32, int32_t)
GETTER(getuint32, uint32_t)
GETTER(getint64, int64_t)

static int data_len(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)checkdata(L)->size);
	return 1;
}

static const luaL_Reg data_methods[] = {
	{"getint8", data_getint8}, {"getuint8", data_getuint8}, {"getbyte", data_getuint8},
	{"getint16", data_getint16}, {"getuint16", data_getuint16},
	{"getint32", data_getint32}, {"getuint32", data_getuint32},
	{"getint64", data_getint64}, {"getnumber", data_getint64},
	{"__len", data_len}, {NULL, NULL}
};

typedef struct {
	lua_State *L;
	pthread_spinlock_t lock;
	int callback; /* registry refs */
	int data;
	data_t *view;
} runtime_t;

/* one packet through the hook: what a netfilter/XDP callback into a runtime costs */
static lua_Integer hook(runtime_t *rt, uint8_t *pkt, size_t len)
{
	lua_Integer verdict = -6; /* -ENXIO */
	pthread_spin_lock(&rt->lock);
	lua_State *L = rt->L;
	int top = lua_gettop(L);
	rt->view->ptr = pkt;
	rt->view->size = len;
	lua_rawgeti(L, LUA_REGISTRYINDEX, rt->callback);
	lua_rawgeti(L, LUA_REGISTRYINDEX, rt->data);
	if (lua_pcall(L, 1, 1, 0) == LUA_OK)
		verdict = lua_tointeger(L, -1);
	else
		fprintf(stderr, "%s\n", lua_tostring(L, -1));
	rt->view->ptr = NULL;
	rt->view->size = 0;
	lua_settop(L, top);
	pthread_spin_unlock(&rt->lock);
	return verdict;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s SCRIPT [ITERATIONS] [ROUNDS]\n", argv[0]);
		return 2;
	}
	long iterations = argc > 2 ? atol(argv[2]) : 5000000;
	int rounds = argc > 3 ? atoi(argv[3]) : 5;
	runtime_t rt;
	rt.L = luaL_newstate();
	luaL_openlibs(rt.L);
	pthread_spin_init(&rt.lock, PTHREAD_PROCESS_PRIVATE);
	lua_State *L = rt.L;

	luaL_newmetatable(L, "data");
	luaL_setfuncs(L, data_methods, 0);
	lua_pushvalue(L, -1);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
	rt.view = (data_t *)lua_newuserdatauv(L, sizeof(data_t), 0);
	rt.view->ptr = NULL;
	rt.view->size = 0;
	luaL_setmetatable(L, "data");
	rt.data = luaL_ref(L, LUA_REGISTRYINDEX);

	if (luaL_loadfile(L, argv[1]) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
		fprintf(stderr, "%s\n", lua_tostring(L, -1));
		return 1;
	}
	rt.callback = luaL_ref(L, LUA_REGISTRYINDEX);

	static uint8_t pkt[PKT_SIZE];
	for (int i = 0; i < PKT_SIZE; i++)
		pkt[i] = (uint8_t)(i * 7);
	pkt[9] = 17; /* an IPv4/UDP header shape: protocol, then the destination port 53 */
	pkt[22] = 0;
	pkt[23] = 53;

	double *ns = malloc(sizeof(double) * (size_t)rounds);
	lua_Integer sum = 0;
	for (long i = 0; i < iterations / 5; i++) /* warm-up */
		sum += hook(&rt, pkt, PKT_SIZE);
	for (int r = 0; r < rounds; r++) {
		double t0 = now_ns();
		for (long i = 0; i < iterations; i++)
			sum += hook(&rt, pkt, PKT_SIZE);
		ns[r] = (now_ns() - t0) / (double)iterations;
		printf("round %d: %.1f ns/call\n", r + 1, ns[r]);
	}
	qsort(ns, (size_t)rounds, sizeof(double), cmp);
	printf("%s: best %.1f ns/call, median %.1f ns/call (checksum %lld)\n", LUA_RELEASE, ns[0], ns[rounds / 2], (long long)sum);
	lua_close(L);
	return 0;
}
