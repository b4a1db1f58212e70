package site

import (
	"crypto/sha512"
	"encoding/base64"
)

// integrity is the subresource-integrity string of b.
func integrity(b []byte) string {
	sum := sha512.Sum384(b)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}
