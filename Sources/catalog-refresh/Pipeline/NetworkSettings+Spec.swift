import Foundation
import ImageService
import PipelineSpec

extension NetworkSettings {
    /// The network a command uses: the environment's proxies and CA bundle, with the spec's
    /// `api:` choices in their place where it makes them.
    static func forCommand(spec: PipelineSpec?) throws(NetworkSettingsError) -> NetworkSettings {
        let environment = try NetworkSettings.environment()
        guard let api = spec?.api else { return environment }
        return try environment.overridden(proxy: api.proxy, noProxy: api.noProxy, caBundle: api.caBundle)
    }
}
