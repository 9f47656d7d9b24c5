/*
** modules.c
** The host's openers of the paa modules written in Lua over a C core:
** "paa.corpus", "paa.dedup" and "paa.store" (lua/paa/corpus.lua, ...). Each finds
** its Lua file on package.path, as require would, and runs it with its
** core handed in as a third argument; the core is opened here and is
** never in package.loaded, so nothing but the Lua module reaches it (a
** sandbox wraps the Lua module's functions). Under the stock lua the
** Lua files are found by require itself and load their cores from
** paa.so ("paa.corpus.core").
*/

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

#include "lpaa.h"


/*
** Open module 'name' (on the stack as argument 1): run its Lua file
** with (name, file, core) and return what it returns.
*/
static int open_lua(lua_State *L, lua_CFunction core) {
  const char *name = luaL_checkstring(L, 1), *file;
  lua_settop(L, 1);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  if (lua_getfield(L, -1, LUA_LOADLIBNAME) != LUA_TTABLE)  /* 3: package */
    return luaL_error(L, "module '%s' needs the package library", name);
  lua_getfield(L, 3, "searchpath");
  lua_pushvalue(L, 1);
  lua_getfield(L, 3, "path");
  lua_call(L, 2, 2);  /* stack: name loaded package file|nil msg */
  if (lua_isnil(L, -2))
    return luaL_error(L, "module '%s' not found:%s", name, lua_tostring(L, -1));
  lua_pop(L, 1);
  file = lua_tostring(L, -1);
  if (luaL_loadfilex(L, file, "t") != LUA_OK)
    return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, file,
                      lua_tostring(L, -1));
  lua_pushvalue(L, 1);
  lua_pushstring(L, file);
  lua_pushcfunction(L, core);
  lua_pushvalue(L, 1);
  lua_call(L, 1, 1);  /* the core */
  lua_call(L, 3, 1);
  return 1;
}

int luaopen_paa_corpus(lua_State *L) {
  return open_lua(L, luaopen_paa_corpus_core);
}

int luaopen_paa_dedup(lua_State *L) {
  return open_lua(L, luaopen_paa_dedup_core);
}

int luaopen_paa_store(lua_State *L) {
  return open_lua(L, luaopen_paa_store_core);
}
