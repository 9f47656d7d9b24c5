# Warnings as LPeg's makefile sets them, per target (as cmark does).
function(paa_add_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes
    -Wpointer-arith -Wcast-qual -Wwrite-strings -Wundef)
endfunction()

# AddressSanitizer + UndefinedBehaviorSanitizer for a target (PAA_SANITIZE).
function(paa_add_sanitizers target)
  if(PAA_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
