/** Implementation of the starter: property mapping, the {@code @Resilient} proxying, health status defaults. Not API. */
package dev.airesilience.spring.boot.internal;
