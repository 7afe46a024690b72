# Proof: frame encode/decode, IE decode, Engine frames per second (clear and AES-128).
add_executable(bench_protocol ${CMAKE_CURRENT_LIST_DIR}/bench_protocol.cpp)
target_include_directories(bench_protocol PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests)
target_link_libraries(bench_protocol PRIVATE iax_protocol benchmark::benchmark)
