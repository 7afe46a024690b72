# Crypto: the AES-128 frame cipher next to raw OpenSSL EVP (same bytes, context reused), MD5
# challenge response, RSA sign/verify. Prints the cipher/raw ratio at the end of the run.
add_executable(bench_crypto ${CMAKE_CURRENT_LIST_DIR}/bench_crypto.cpp)
target_include_directories(bench_crypto PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(bench_crypto PRIVATE IAX_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data")
target_link_libraries(bench_crypto PRIVATE iax_protocol OpenSSL::Crypto benchmark::benchmark)

# The end-to-end mode's AES-128-GCM frame cipher next to raw EVP GCM, and its bytes per frame (issue 20).
add_executable(bench_e2e ${CMAKE_CURRENT_LIST_DIR}/bench_e2e.cpp)
target_include_directories(bench_e2e PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(bench_e2e PRIVATE iax_protocol OpenSSL::Crypto benchmark::benchmark)
