/*
** lpaa_core.c
** paa.core: the versions, and the store file the host was given.
*/

#include <stdio.h>
#include <stdlib.h>

#include "lua.h"
#include "lauxlib.h"

#include "paa.h"
#include "lpaa.h"


/*
** db() -> the store file scripts keep their corpus in, or nil: the
** host's '--db FILE', else the environment's PAA_DB (unless the host
** runs with -E); "" counts as unset.
*/
static int core_db(lua_State *L) {
  const char *v = NULL;
  if (lua_getfield(L, LUA_REGISTRYINDEX, PAA_DB_KEY) == LUA_TSTRING) v = lua_tostring(L, -1);
  else {
    lua_pop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
    if (!lua_toboolean(L, -1)) v = getenv("PAA_DB");
  }
  if (v == NULL || *v == '\0') lua_pushnil(L);
  else lua_pushstring(L, v);
  return 1;
}


static const luaL_Reg core_funcs[] = {
  {"db", core_db},
  {NULL, NULL}
};

int luaopen_paa_core(lua_State *L) {
  luaL_newlib(L, core_funcs);
  lua_pushstring(L, paa_version());
  lua_setfield(L, -2, "version");
  lua_pushstring(L, LUA_RELEASE);
  lua_setfield(L, -2, "lua_version");
  return 1;
}
