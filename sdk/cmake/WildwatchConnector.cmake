# wildwatch_add_connector(NAME SOURCES ... [LIBS ...])
#
# Builds a Wildwatch connector plugin: a MODULE library named
# libwildwatch_<NAME>.so that exports only the ABI entry symbol. Used both by
# the connectors in the Wildwatch tree and, through find_package(WildwatchSDK),
# by partners building connectors out of tree. The target is called
# wildwatch_<NAME>. If WILDWATCH_PLUGIN_OUTPUT_DIR is set, the library is
# written there.
function(wildwatch_add_connector name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  set(target wildwatch_${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE Wildwatch::sdk ${ARG_LIBS})
  # Hidden visibility keeps a plugin's internals from clashing with the
  # host's or another plugin's symbols; the entry symbol is exported
  # explicitly by the SDK macro.
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    OUTPUT_NAME wildwatch_${name}
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(WILDWATCH_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${WILDWATCH_PLUGIN_OUTPUT_DIR})
  endif()
  # Refuse unresolved symbols at link time rather than at dlopen time.
  target_link_options(${target} PRIVATE "LINKER:--no-undefined")
endfunction()
