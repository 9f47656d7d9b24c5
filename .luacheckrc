-- luacheck configuration: `luacheck .` from the checkout root.
std = "lua54"
max_line_length = false
exclude_files = { "build/", "build-*/", "tests/fuzz/corpus/" }

files["tests/"] = { std = "+busted" }
-- the sandbox replaces the dangerous functions of the standard library
files["lua/paa/sandbox.lua"] = { globals = { "os", "io", "string", "debug", "package", "load" } }
