/** Benchmarks of LIST serving: watch-cache list encoders with and without gzip, and what a client pays to list and parse. */
package dev.cpbench.micro.listing;
