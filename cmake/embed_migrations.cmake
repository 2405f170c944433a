# Writes OUT: a C++ file defining ictgate::store::EmbeddedMigrations() from the
# numbered *.sql files in DIR. The file name is NNNN_name.sql; NNNN is the version.
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(body "")
foreach(f IN LISTS files)
  get_filename_component(name "${f}" NAME_WE)
  string(REGEX MATCH "^([0-9]+)_(.+)$" _ "${name}")
  if(NOT CMAKE_MATCH_1)
    message(FATAL_ERROR "migration file ${f} is not named NNNN_name.sql")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  file(READ "${f}" sql)
  string(APPEND body "    {${version}, \"${CMAKE_MATCH_2}\", R\"ictgate_sql(${sql})ictgate_sql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from migrations/*.sql by cmake/embed_migrations.cmake. Do not edit.
#include \"store/migrations.h\"

namespace ictgate::store {

const std::vector<Migration>& EmbeddedMigrations() {
  static const std::vector<Migration> kMigrations = {
${body}  };
  return kMigrations;
}

}  // namespace ictgate::store
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
