/**
 * Routing over targets (providers, models): the functions a routed call hands each target. What a route is, is
 * {@link dev.airesilience.config.RoutingConfig}; how a call goes from target to target is described there.
 */
package dev.airesilience.routing;
