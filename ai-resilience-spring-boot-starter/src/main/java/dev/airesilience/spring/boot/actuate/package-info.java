/** Actuator integration: the {@code airesilience} health indicator and the {@code /actuator/airesilience} endpoint. */
package dev.airesilience.spring.boot.actuate;
