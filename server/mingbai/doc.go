// Package mingbai holds the domain of the law-promotion system: languages,
// materials and their translations, topics, audiences, and the error codes
// that every layer speaks. It imports the standard library only, so the
// rules it states can be read and tested without a database or a server.
package mingbai
