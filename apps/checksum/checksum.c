// checksum: SHA-256 (FIPS 180-4) of files in the app's folder, like sha256sum.
//   checksum [FILE...]        "<hex>  <name>" per file; no FILE: stdin, named "-"
//   checksum --check SUMS     "<name>: OK" or "<name>: FAILED"; exit 1 if any failed
// Relative names are in /data, the app's folder. Exit 2 if a file could not be read
// (after going on with the others), or on a bad option or a malformed sums line.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct { uint32_t state[8]; uint64_t length; uint8_t block[64]; size_t used; } sha256;

static const uint32_t k[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

static uint32_t rotate (uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void compress (sha256 *h, const uint8_t *p) {
  uint32_t w[64], s[8];
  for (int i = 0; i < 16; i++) w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  memcpy(s, h->state, sizeof s);
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = s[7] + (rotate(s[4], 6) ^ rotate(s[4], 11) ^ rotate(s[4], 25)) + ((s[4] & s[5]) ^ (~s[4] & s[6])) + k[i] + w[i];
    uint32_t t2 = (rotate(s[0], 2) ^ rotate(s[0], 13) ^ rotate(s[0], 22)) + ((s[0] & s[1]) ^ (s[0] & s[2]) ^ (s[1] & s[2]));
    memmove(s + 1, s, 7 * sizeof s[0]);
    s[4] += t1;
    s[0] = t1 + t2;
  }
  for (int i = 0; i < 8; i++) h->state[i] += s[i];
}

static void sha256_init (sha256 *h) {
  static const uint32_t initial[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
  memcpy(h->state, initial, sizeof initial);
  h->length = 0;
  h->used = 0;
}

static void sha256_update (sha256 *h, const uint8_t *data, size_t size) {
  h->length += size;
  while (size > 0) {
    size_t take = 64 - h->used < size ? 64 - h->used : size;
    memcpy(h->block + h->used, data, take);
    h->used += take; data += take; size -= take;
    if (h->used == 64) { compress(h, h->block); h->used = 0; }
  }
}

static void sha256_hex (sha256 *h, char out[65]) {
  uint64_t bits = h->length * 8;
  uint8_t pad = 0x80, zero = 0, length[8];
  sha256_update(h, &pad, 1);
  while (h->used != 56) sha256_update(h, &zero, 1);
  for (int i = 0; i < 8; i++) length[i] = (uint8_t)(bits >> (56 - 8 * i));
  sha256_update(h, length, 8);
  for (int i = 0; i < 8; i++) sprintf(out + 8 * i, "%08x", h->state[i]);
}

static char path_buffer[4096];

static const char *in_folder (const char *name) {
  if (name[0] == '/') return name;
  snprintf(path_buffer, sizeof path_buffer, "/data/%s", name);
  return path_buffer;
}

// The hex digest of a file (or stdin for "-"); 0, or -1 with errno set.
static int hash_file (const char *name, char hex[65]) {
  static uint8_t chunk[65536];
  FILE *file = strcmp(name, "-") == 0 ? stdin : fopen(in_folder(name), "rb");
  if (file == NULL) return -1;
  sha256 h;
  sha256_init(&h);
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, file)) > 0) sha256_update(&h, chunk, n);
  int failed = ferror(file), error = errno;
  if (file != stdin) fclose(file);
  if (failed) { errno = error != 0 ? error : EIO; return -1; }
  sha256_hex(&h, hex);
  return 0;
}

static int check (const char *sums) {
  FILE *file = fopen(in_folder(sums), "r");
  if (file == NULL) { fprintf(stderr, "checksum: %s: %s\n", sums, strerror(errno)); return 2; }
  char line[4200], hex[65];
  int status = 0, lines = 0;
  while (fgets(line, sizeof line, file) != NULL) {
    line[strcspn(line, "\r\n")] = 0;
    if (line[0] == 0) continue;
    if (strlen(line) < 67 || strspn(line, "0123456789abcdefABCDEF") != 64 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*')) { fprintf(stderr, "checksum: %s: line %d is not \"<sha256>  <name>\"\n", sums, lines + 1); status = 2; continue; }
    lines++;
    line[64] = 0;
    const char *name = line + 66;
    if (hash_file(name, hex) != 0) { fprintf(stderr, "checksum: %s: %s\n", name, strerror(errno)); printf("%s: FAILED open or read\n", name); status = 2; continue; }
    int same = strcasecmp(hex, line) == 0;
    printf("%s: %s\n", name, same ? "OK" : "FAILED");
    if (!same && status == 0) status = 1;
  }
  fclose(file);
  return status;
}

int main (int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--help") == 0) { puts("usage: checksum [FILE...] | checksum --check SUMSFILE"); return 0; }
  if (argc > 1 && strcmp(argv[1], "--check") == 0) {
    if (argc != 3) { fputs("usage: checksum [FILE...] | checksum --check SUMSFILE\n", stderr); return 2; }
    return check(argv[2]);
  }
  for (int i = 1; i < argc; i++) if (argv[i][0] == '-' && argv[i][1] != 0) { fprintf(stderr, "checksum: unknown option %s\nusage: checksum [FILE...] | checksum --check SUMSFILE\n", argv[i]); return 2; }
  int status = 0;
  char hex[65];
  for (int i = argc > 1 ? 1 : 0; i < (argc > 1 ? argc : 1); i++) {
    const char *name = argc > 1 ? argv[i] : "-";
    if (hash_file(name, hex) != 0) { fprintf(stderr, "checksum: %s: %s\n", name, strerror(errno)); status = 2; continue; }
    printf("%s  %s\n", hex, name);
  }
  return status;
}
