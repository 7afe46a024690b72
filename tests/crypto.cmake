# Authentication (MD5/RSA) and the AES-128 frame cipher.
iax_add_qtest(tst_auth SOURCES tst_auth.cpp LIBS iax_protocol Qt6::Core LABELS crypto)
iax_add_qtest(tst_frame_cipher SOURCES tst_frame_cipher.cpp LIBS iax_protocol iax_analysis Qt6::Core LABELS crypto)
# Secrets wiped when done (SecretString, cipher keys, config secrets) and the constant-time password check.
iax_add_qtest(tst_secret_wipe SOURCES tst_secret_wipe.cpp LIBS iax_protocol Qt6::Core LABELS crypto)
# The end-to-end mode (issue 20): X25519/HKDF/SAS/IEs/handshake, and the AES-128-GCM frame cipher.
iax_add_qtest(tst_e2e_crypto SOURCES tst_e2e_crypto.cpp LIBS iax_protocol Qt6::Core LABELS crypto)
# ... its Ed25519 identities: RFC 8032, the test vectors of docs/E2E.md, hostile E2E_ID
iax_add_qtest(tst_e2e_identity SOURCES tst_e2e_identity.cpp LIBS iax_protocol Qt6::Core LABELS crypto)
iax_add_qtest(tst_e2e_frames SOURCES tst_e2e_frames.cpp LIBS iax_protocol Qt6::Core LABELS crypto)
