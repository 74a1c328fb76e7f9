/*
 * The netfilter packet path through the reference C Lua API, for comparison with
 * NetfilterBenchmark (JMH) and `lunatik net bench`: the same unmodified script
 * (examples/dnsblock/nf_dnsblock.lua and its common part) registers its hook through a minimal
 * `netfilter` module, and each of 4,096 distinct DNS queries goes through it as Lunatik's
 * luanetfilter does it: take the runtime's spinlock, re-point one data userdata at the packet
 * (from its IPv4 header, as at LOCAL_OUT), lua_pcall the hook, read the verdict, clear the data,
 * unlock. A counting allocator reports the bytes Lua allocates per packet.
 *
 * usage: netfilter_callback ROOT [ITERATIONS] [ROUNDS]
 *   ROOT holds examples/dnsblock/. Prints packets/s for each round, then the best and median
 *   and the bytes allocated per packet.
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
#include <arpa/inet.h>

#define QUERIES 4096

#include "data.h"

static size_t allocated; /* bytes asked of the allocator for new or bigger blocks */

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	(void)ud;
	if (nsize == 0) {
		free(ptr);
		return NULL;
	}
	if (ptr == NULL || nsize > osize)
		allocated += nsize;
	return realloc(ptr, nsize);
}

GETTER(getuint8, uint8_t)
GETTER(getuint16, uint16_t)
GETTER(getuint32, uint32_t)

/* luadata's getstring: from off to the end by default; len must be > 0 */
static int data_getstring(lua_State *L)
{
	data_t *d = checkdata(L);
	lua_Integer off = luaL_checkinteger(L, 2);
	lua_Integer len = luaL_optinteger(L, 3, (lua_Integer)d->size - off);
	luaL_argcheck(L, off >= 0 && len > 0 && (size_t)(off + len) <= d->size, 2, "out of bounds");
	lua_pushlstring(L, (const char *)d->ptr + off, (size_t)len);
	return 1;
}

static const luaL_Reg data_methods[] = {
	{"getuint8", data_getuint8}, {"getbyte", data_getuint8}, {"getuint16", data_getuint16},
	{"getuint32", data_getuint32}, {"getstring", data_getstring}, {NULL, NULL}
};

/* linux: the byte-order functions the script uses (16/32-bit, as lualinux at v3.7.1) */
static int l_ntoh16(lua_State *L) { lua_pushinteger(L, ntohs((uint16_t)luaL_checkinteger(L, 1))); return 1; }
static int l_ntoh32(lua_State *L) { lua_pushinteger(L, ntohl((uint32_t)luaL_checkinteger(L, 1))); return 1; }

static int open_linux(lua_State *L)
{
	static const luaL_Reg f[] = {{"ntoh16", l_ntoh16}, {"hton16", l_ntoh16}, {"ntoh32", l_ntoh32}, {"hton32", l_ntoh32}, {NULL, NULL}};
	luaL_newlib(L, f);
	return 1;
}

/* netfilter: register keeps the ops table; the constants the script reads */
static int nf_register(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_pushvalue(L, 1);
	lua_setfield(L, LUA_REGISTRYINDEX, "nf_ops");
	return 0;
}

static void consts(lua_State *L, const char *table, const char **names, const lua_Integer *values, int n)
{
	lua_newtable(L);
	for (int i = 0; i < n; i++) {
		lua_pushinteger(L, values[i]);
		lua_setfield(L, -2, names[i]);
	}
	lua_setfield(L, -2, table);
}

static int open_netfilter(lua_State *L)
{
	static const luaL_Reg f[] = {{"register", nf_register}, {NULL, NULL}};
	luaL_newlib(L, f);
	const char *fam[] = {"UNSPEC", "INET", "IPV4", "IPV6"};
	const lua_Integer famv[] = {0, 1, 2, 10};
	consts(L, "family", fam, famv, 4);
	const char *act[] = {"DROP", "ACCEPT", "STOLEN", "QUEUE", "REPEAT", "STOP"};
	const lua_Integer actv[] = {0, 1, 2, 3, 4, 5};
	consts(L, "action", act, actv, 6);
	const char *hk[] = {"PRE_ROUTING", "LOCAL_IN", "FORWARD", "LOCAL_OUT", "POST_ROUTING"};
	const lua_Integer hkv[] = {0, 1, 2, 3, 4};
	consts(L, "inet_hooks", hk, hkv, 5);
	const char *pr[] = {"FIRST", "RAW", "MANGLE", "FILTER", "LAST"};
	const lua_Integer prv[] = {-2147483647 - 1, -300, -150, 0, 2147483647};
	consts(L, "ip_priority", pr, prv, 5);
	return 1;
}

/* an IPv4/UDP DNS query for a distinct name, as NetfilterBenchmark.query builds it */
static size_t query(uint8_t *p, int i)
{
	char name[64];
	snprintf(name, sizeof name, "host%d.zone%d.example.org", i, i % 97);
	uint8_t dns[128];
	size_t n = 0;
	uint8_t hdr[12] = {(uint8_t)(i >> 8), (uint8_t)i, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0};
	memcpy(dns, hdr, 12);
	n = 12;
	char *save = NULL;
	for (char *l = strtok_r(name, ".", &save); l; l = strtok_r(NULL, ".", &save)) {
		dns[n++] = (uint8_t)strlen(l);
		memcpy(dns + n, l, strlen(l));
		n += strlen(l);
	}
	uint8_t tail[5] = {0, 0, 1, 0, 1};
	memcpy(dns + n, tail, 5);
	n += 5;
	size_t len = 28 + n;
	memset(p, 0, 28);
	p[0] = 0x45; p[2] = (uint8_t)(len >> 8); p[3] = (uint8_t)len; p[8] = 64; p[9] = 17;
	p[12] = 10; p[13] = 1; p[14] = 1; p[15] = 2; p[16] = 1; p[17] = 1; p[18] = 1; p[19] = 1;
	int sport = 20000 + i;
	p[20] = (uint8_t)(sport >> 8); p[21] = (uint8_t)sport; p[22] = 0; p[23] = 53;
	p[24] = (uint8_t)((8 + n) >> 8); p[25] = (uint8_t)(8 + n);
	memcpy(p + 28, dns, n);
	return len;
}

typedef struct {
	lua_State *L;
	pthread_spinlock_t lock;
	int data;
	data_t *view;
} runtime_t;

static lua_Integer hook(runtime_t *rt, uint8_t *pkt, size_t len)
{
	lua_Integer verdict = 1; /* NF_ACCEPT when the hook fails */
	pthread_spin_lock(&rt->lock);
	lua_State *L = rt->L;
	int top = lua_gettop(L);
	lua_getfield(L, LUA_REGISTRYINDEX, "nf_ops");
	lua_getfield(L, -1, "hook");
	rt->view->ptr = pkt;
	rt->view->size = len;
	lua_rawgeti(L, LUA_REGISTRYINDEX, rt->data);
	if (lua_pcall(L, 1, 2, 0) == LUA_OK)
		verdict = lua_tointeger(L, -2);
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
		fprintf(stderr, "usage: %s ROOT [ITERATIONS] [ROUNDS]\n", argv[0]);
		return 2;
	}
	long iterations = argc > 2 ? atol(argv[2]) : 2000000;
	int rounds = argc > 3 ? atoi(argv[3]) : 5;
	runtime_t rt;
	rt.L = lua_newstate(counting_alloc, NULL);
	lua_State *L = rt.L;
	luaL_openlibs(L);
	pthread_spin_init(&rt.lock, PTHREAD_PROCESS_PRIVATE);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
	lua_pushcfunction(L, open_netfilter);
	lua_setfield(L, -2, "netfilter");
	lua_pushcfunction(L, open_linux);
	lua_setfield(L, -2, "linux");
	lua_pop(L, 1);
	lua_getglobal(L, "package");
	lua_pushfstring(L, "%s/?.lua", argv[1]);
	lua_setfield(L, -2, "path");
	lua_pop(L, 1);

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

	char script[4096];
	snprintf(script, sizeof script, "%s/examples/dnsblock/nf_dnsblock.lua", argv[1]);
	if (luaL_loadfile(L, script) != LUA_OK || lua_pcall(L, 0, 0, 0) != LUA_OK) {
		fprintf(stderr, "%s\n", lua_tostring(L, -1));
		return 1;
	}

	static uint8_t pkts[QUERIES][256];
	static size_t lens[QUERIES];
	for (int i = 0; i < QUERIES; i++)
		lens[i] = query(pkts[i], i);
	for (int i = 0; i < QUERIES; i++) {
		if (hook(&rt, pkts[i], lens[i]) != 1) {
			fprintf(stderr, "query %d was not accepted\n", i);
			return 1;
		}
	}

	double *ns = malloc(sizeof(double) * (size_t)rounds);
	lua_Integer sum = 0;
	for (long i = 0; i < iterations / 5; i++) /* warm-up */
		sum += hook(&rt, pkts[i & (QUERIES - 1)], lens[i & (QUERIES - 1)]);
	size_t before = allocated;
	long total = 0;
	for (int r = 0; r < rounds; r++) {
		double t0 = now_ns();
		for (long i = 0; i < iterations; i++)
			sum += hook(&rt, pkts[i & (QUERIES - 1)], lens[i & (QUERIES - 1)]);
		ns[r] = (now_ns() - t0) / (double)iterations;
		total += iterations;
		printf("round %d: %.0f packets/s (%.1f ns/packet)\n", r + 1, 1e9 / ns[r], ns[r]);
	}
	qsort(ns, (size_t)rounds, sizeof(double), cmp);
	printf("%s nf_dnsblock: best %.0f packets/s, median %.0f packets/s, %.1f bytes allocated per packet (checksum %lld)\n",
		LUA_RELEASE, 1e9 / ns[0], 1e9 / ns[rounds / 2], (double)(allocated - before) / (double)total, (long long)sum);
	lua_close(L);
	return 0;
}
