//go:build !unix

package main

// lockDataDir takes no lock where flock is missing (Mingbai is built for
// Linux; other systems run it for development only).
func lockDataDir(string) (func(), error) { return func() {}, nil }
