# Issue 16's attacker (tests/support/iax_flood.cpp: half-open calls and a REGREQ flood from one
# address) and the end-to-end test of `iaxphone-cli listen` under it (~25 s).
add_executable(iax-flood support/iax_flood.cpp)
target_link_libraries(iax-flood PRIVATE iax_protocol)
iax_add_qtest(tst_cli_flood SOURCES tst_cli_flood.cpp LIBS Qt6::Core Qt6::Network PkgConfig::SNDFILE TIMEOUT 180
              LABELS cli e2e flood)
add_dependencies(tst_cli_flood iaxphone-cli iax-flood)
