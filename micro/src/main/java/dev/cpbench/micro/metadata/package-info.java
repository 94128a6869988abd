/** Metadata token serving: the concealing proxy's filter decision and tokens through it over loopback HTTP. */
package dev.cpbench.micro.metadata;
