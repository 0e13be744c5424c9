package dev.airesilience.spring.boot.internal;

import dev.airesilience.spring.boot.AIResilienceProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Runs {@link PropertyCheck} when Spring starts binding {@link AIResilienceProperties}, so a misspelt key or a value
 * outside its set fails with our message before the binder ignores the key or reports a conversion error.
 */
public final class StrictPropertiesBinding implements ConfigurationPropertiesBindHandlerAdvisor {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PropertyCheck.PREFIX);

    @Override
    public BindHandler apply(BindHandler bindHandler) {
        return new AbstractBindHandler(bindHandler) {
            @Override
            public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
                if (context.getDepth() == 0 && name.equals(ROOT)
                        && AIResilienceProperties.class.equals(target.getType().resolve())) {
                    // Values are checked as the binder will read them: ${RESILIENCE_PRESET:simple} is "simple".
                    Binder binder = context.getBinder();
                    PropertyCheck.check(context.getSources(),
                            property -> binder.bind(property, Bindable.of(String.class)).orElse(null));
                }
                return super.onStart(name, target, context);
            }
        };
    }
}
