// Surface of nanoFramework.System.Net 1.11.60 (assembly System.Net): the type appears in the
// MqttClient constructor; the device code passes null (no CA pinned on the device).
namespace System.Security.Cryptography.X509Certificates
{
    public class X509Certificate
    {
        internal X509Certificate()
        {
        }
    }
}
