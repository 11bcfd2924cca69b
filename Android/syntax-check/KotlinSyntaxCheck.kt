// Parses Kotlin files with the Kotlin compiler's own parser and reports syntax errors, without
// resolving anything: the Android app's UI code needs the Android SDK to compile, which CI does
// not have, but its syntax can still be checked here. Run by `cargo xtask jvm-test`.

import java.io.File
import org.jetbrains.kotlin.cli.extensionsStorage
import org.jetbrains.kotlin.cli.jvm.compiler.EnvironmentConfigFiles
import org.jetbrains.kotlin.cli.jvm.compiler.KotlinCoreEnvironment
import com.intellij.openapi.util.Disposer
import com.intellij.psi.PsiErrorElement
import com.intellij.psi.util.PsiTreeUtil
import org.jetbrains.kotlin.compiler.plugin.CompilerPluginRegistrar
import org.jetbrains.kotlin.config.CompilerConfiguration
import org.jetbrains.kotlin.psi.KtPsiFactory

@OptIn(
    CompilerConfiguration.Internals::class,
    org.jetbrains.kotlin.CoreEnvironmentDeprecation::class,
    org.jetbrains.kotlin.compiler.plugin.ExperimentalCompilerApi::class,
)
fun main(args: Array<String>) {
    val disposable = Disposer.newDisposable()
    val configuration = CompilerConfiguration()
    configuration.extensionsStorage = CompilerPluginRegistrar.ExtensionStorage()
    val environment = KotlinCoreEnvironment.createForProduction(
        disposable, configuration, EnvironmentConfigFiles.JVM_CONFIG_FILES,
    )
    val factory = KtPsiFactory(environment.project, markGenerated = false)
    var errors = 0
    for (path in args) {
        val text = File(path).readText()
        val file = factory.createFile(File(path).name, text)
        for (error in PsiTreeUtil.collectElementsOfType(file, PsiErrorElement::class.java)) {
            val line = text.substring(0, error.textOffset).count { it == '\n' } + 1
            println("$path:$line: ${error.errorDescription}")
            errors++
        }
    }
    Disposer.dispose(disposable)
    println("kotlin syntax: ${args.size} files, $errors errors")
    if (errors > 0) kotlin.system.exitProcess(1)
}
