// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace naap::core {

/// The digests that published datasets use to let a download be checked: SHA-256
/// (NAAP-440) and MD5 (CIFAR-10). MD5 is here for integrity against the published value
/// only, never for security.
enum class HashAlgorithm { Sha256, Md5 };

/// "SHA-256" or "MD5", for messages.
const char* hashAlgorithmName(HashAlgorithm algorithm);

namespace detail {
/// What SHA-256 and MD5 share (Merkle–Damgård over 64-byte blocks): the buffering, the
/// closing padding with the message length, and the digest as the state words' bytes,
/// big-endian (SHA-256) or little-endian (MD5). Derived supplies compress(block).
template <class Derived, std::size_t Words, bool BigEndian>
class BlockDigest {
public:
    void update(const void* data, std::size_t size);
    void update(std::string_view data) { update(data.data(), data.size()); }
    /// The digest as 8 · Words lowercase hex digits; the object must be reset() before reuse.
    std::string finalHex();

protected:
    void restart(const std::array<std::uint32_t, Words>& initial)
    {
        m_state = initial;
        m_buffered = 0;
        m_length = 0;
    }
    std::array<std::uint32_t, Words> m_state{};

private:
    std::array<std::uint8_t, 64> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_length = 0; ///< bytes hashed so far
};
} // namespace detail

/// Streaming SHA-256 (FIPS 180-4). Not thread-safe; one object per stream.
class Sha256 : public detail::BlockDigest<Sha256, 8, true> {
public:
    Sha256() { reset(); }
    void reset();

private:
    friend class detail::BlockDigest<Sha256, 8, true>;
    void compress(const std::uint8_t* block);
};

/// Streaming MD5 (RFC 1321). Not thread-safe; one object per stream.
class Md5 : public detail::BlockDigest<Md5, 4, false> {
public:
    Md5() { reset(); }
    void reset();

private:
    friend class detail::BlockDigest<Md5, 4, false>;
    void compress(const std::uint8_t* block);
};

/// Digest of a byte string as lowercase hex.
std::string hashHex(HashAlgorithm algorithm, std::string_view data);
/// Digest of a whole file as lowercase hex, read in blocks. Throws IoError naming the file.
std::string fileHashHex(HashAlgorithm algorithm, const std::string& path);
/// True when `text` is a digest of the right length for `algorithm` in hex (any case).
bool isHexDigest(HashAlgorithm algorithm, std::string_view text);

} // namespace naap::core
