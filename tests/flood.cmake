# Issue 16's attacker (tests/support/iax_flood.cpp: half-open calls and a REGREQ flood from one
# address) and the end-to-end test of `iaxphone-cli listen` under it. Each test function is its
# own CTest entry, so the registrar part and the half-open part pass or fail on their own:
# tst_cli_flood (REGREQ flood + half-open calls: legitimate client and callers, memory) and
# tst_cli_flood_half_open (half-open calls ended by the authentication deadline).
add_executable(iax-flood support/iax_flood.cpp)
target_link_libraries(iax-flood PRIVATE iax_protocol)

add_executable(tst_cli_flood tst_cli_flood.cpp)
set_target_properties(tst_cli_flood PROPERTIES AUTOMOC ON)
target_link_libraries(tst_cli_flood PRIVATE Qt6::Test Qt6::Core Qt6::Network PkgConfig::SNDFILE)
target_compile_definitions(tst_cli_flood PRIVATE IAX_TEST_DATA="${IAX_TEST_DATA}" IAX_BINARY_DIR="${PROJECT_BINARY_DIR}")
add_dependencies(tst_cli_flood iaxphone-cli iax-flood)
add_test(NAME tst_cli_flood COMMAND tst_cli_flood listenSurvivesFloodFromOneAddress)
add_test(NAME tst_cli_flood_half_open COMMAND tst_cli_flood halfOpenCallsEnd)
set_tests_properties(tst_cli_flood tst_cli_flood_half_open PROPERTIES TIMEOUT 180 RUN_SERIAL TRUE
                     LABELS "cli;e2e;flood" ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
