/** Listener hooks and the events they receive. */
package dev.airesilience.event;
