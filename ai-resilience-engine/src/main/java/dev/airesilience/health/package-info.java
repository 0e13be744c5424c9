/** Health: circuit states and the overall health status. */
package dev.airesilience.health;
