// Secrets wiped from memory when done (issue 16, item 10): secureWipe and SecretString, the
// FrameEncryptor/FrameDecryptor keys, and the secret copies DialRequest, UserConfig and
// RegistrationRequest carry (so every Call's copy too). An object is built in storage the test
// owns (placement new), destroyed, and the storage searched for the secret: without the wipe the
// bytes are still there. Also the constant-time plaintext password comparison.
#include "core/protocol/auth.h"
#include "core/protocol/engine_types.h"
#include "core/protocol/frame_cipher.h"
#include "core/protocol/secure_wipe.h"

#include <QtTest>

#include <algorithm>
#include <cstring>
#include <new>

using namespace iax::core;

namespace {

// Builds T in `storage`, lets `fill` put the secret in, destroys it, and says whether `needle`
// is still anywhere in the storage.
template<class T, class Fill> bool survivesDestruction(std::string_view needle, Fill fill)
{
    alignas(T) unsigned char storage[sizeof(T)];
    std::memset(storage, 0, sizeof storage);
    T* object = new (storage) T {};
    fill(*object);
    object->~T();
    return std::search(storage, storage + sizeof storage, needle.begin(), needle.end()) != storage + sizeof storage;
}

template<class T> bool keySurvivesDestruction(const AesKey& key)
{
    alignas(T) unsigned char storage[sizeof(T)];
    std::memset(storage, 0, sizeof storage);
    T* object = new (storage) T(key);
    const bool present
        = std::search(storage, storage + sizeof storage, key.begin(), key.end()) != storage + sizeof storage;
    object->~T();
    const bool after
        = std::search(storage, storage + sizeof storage, key.begin(), key.end()) != storage + sizeof storage;
    return present && after; // `present` proves the search would find it
}

AesKey sampleKey()
{
    AesKey k {};
    for (std::size_t i = 0; i < k.size(); ++i)
        k[i] = static_cast<std::uint8_t>(0xA0 + i);
    return k;
}

} // namespace

class TestSecretWipe : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wipeHelpers()
    {
        AesKey k = sampleKey();
        secureWipe(k);
        QVERIFY(std::all_of(k.begin(), k.end(), [](std::uint8_t b) { return b == 0; }));

        std::vector<std::uint8_t> v(40, 0x5A);
        const std::uint8_t* vd = v.data();
        secureWipe(v);
        QVERIFY(v.empty());
        QCOMPARE(v.data(), vd); // same buffer kept, now zero
        QVERIFY(std::all_of(vd, vd + 40, [](std::uint8_t b) { return b == 0; }));

        std::string s(100, 'S');
        s.resize(10); // the tail of the buffer still holds 'S'
        const char* sd = s.data();
        secureWipe(s);
        QVERIFY(s.empty());
        QCOMPARE(static_cast<const char*>(s.data()), sd);
        QVERIFY(std::none_of(sd, sd + 100, [](char c) { return c == 'S'; }));
    }

    void secretStringWipedOnDestruction()
    {
        // A short secret lives inside the object (small-string buffer): visible in the storage.
        QVERIFY(survivesDestruction<std::string>("pw-1234", [](std::string& s) { s = "pw-1234"; }));
        QVERIFY(!survivesDestruction<SecretString>("pw-1234", [](SecretString& s) { s = "pw-1234"; }));
    }

    void secretStringWipesOldValueOnAssignment()
    {
        SecretString s(std::string(64, 'Q'));
        const char* old = s.data();
        s = std::string("new value"); // fits the old buffer: assigned in place after the wipe
        QCOMPARE(static_cast<const char*>(s.data()), old);
        QCOMPARE(std::string(s), std::string("new value"));
        QVERIFY(std::none_of(old, old + 64, [](char c) { return c == 'Q'; }));
        // Copies and moves keep the value.
        SecretString copy = s;
        SecretString moved = std::move(copy);
        QCOMPARE(std::string(moved), std::string("new value"));
        s = s; // self-assignment keeps it
        QCOMPARE(std::string(s), std::string("new value"));
    }

    void frameCipherKeysWipedOnDestruction()
    {
        QVERIFY(!keySurvivesDestruction<FrameEncryptor>(sampleKey()));
        QVERIFY(!keySurvivesDestruction<FrameDecryptor>(sampleKey()));
    }

    void configSecretsWipedOnDestruction()
    {
        QVERIFY(!survivesDestruction<DialRequest>("dial-pw", [](DialRequest& d) { d.secret = "dial-pw"; }));
        QVERIFY(!survivesDestruction<UserConfig>("user-pw", [](UserConfig& u) { u.secret = "user-pw"; }));
        QVERIFY(!survivesDestruction<RegistrationRequest>(
            "reg-pw", [](RegistrationRequest& r) { r.secret = std::string("reg-pw"); }));
    }

    void plaintextPasswordComparison()
    {
        QVERIFY(plaintextPasswordMatches("s3cret", "s3cret"));
        QVERIFY(!plaintextPasswordMatches("s3cres", "s3cret"));
        QVERIFY(!plaintextPasswordMatches("s3cre", "s3cret")); // a prefix
        QVERIFY(!plaintextPasswordMatches("s3cret ", "s3cret"));
        QVERIFY(!plaintextPasswordMatches("S3CRET", "s3cret")); // case matters (unlike MD5 hex)
        QVERIFY(!plaintextPasswordMatches("", "")); // no secret: never matches
        QVERIFY(!plaintextPasswordMatches("x", ""));
        QVERIFY(plaintextPasswordMatches(std::string(300, 'z'), std::string(300, 'z')));
    }
};

QTEST_GUILESS_MAIN(TestSecretWipe)
#include "tst_secret_wipe.moc"
