import type { ListingText } from './listing';

/** La ficha en español: Chrome Web Store, Edge Add-ons y addons.mozilla.org. */
export const LISTING_ES: ListingText = {
  language: 'Español',
  short:
    'Lee tu estado de ánimo en tu cara, en tu propio dispositivo, y pone en cola canciones de tu biblioteca de Spotify.',
  long: `MoodDJ es un DJ que lee el ambiente —tu cara— y pone en cola la música que le va.

Abre el reproductor web de Spotify, enciende la cámara en el panel de MoodDJ y MoodDJ lee tu expresión en tu propio dispositivo: alegre, triste, enfadado, sorprendido o neutral. Después elige canciones de tu biblioteca de Spotify cuyo sonido encaja con ese estado (valencia, energía, tempo) y las añade a tu cola. Nunca inicia, pausa ni salta la reproducción: mandas tú.

Qué hace
• Tu estado de ánimo, leído en tu dispositivo: los puntos de referencia faciales de MediaPipe y un modelo pequeño local. Los fotogramas se analizan en memoria y se descartan; ninguna imagen se guarda ni se envía.
• Acompañar o animar: música para el ánimo que tienes, o para llevarlo a uno mejor.
• Estados que eliges tú, con cámara o sin ella: concentración, ejercicio y relax.
• Un mapa de tu biblioteca en Opciones: cada canción analizada según su ánimo, con recuadros que arrastras para decidir cómo suena «alegre» para ti.
• La calibración y unos pocos ejemplos personales le enseñan tu cara (se guardan como números solo en este dispositivo).
• Historial de ánimo y de reproducción con gráficos, exportación e importación, y un botón que lo borra todo.
• Atajos de teclado: Alt+Mayús+M cámara, Alt+Mayús+Q poner en cola la siguiente, Alt+Mayús+L acompañar o animar.
• En español y en inglés.

Qué necesitas
• Una cuenta de Spotify y una app de desarrollador de Spotify gratuita (MoodDJ te guía en dos minutos: te da un Client ID; no hay cuenta de MoodDJ ni servidor).
• Spotify Premium para añadir a la cola del reproductor; sin Premium, MoodDJ crea una lista de reproducción.
• Una webcam para los estados leídos en la cara.

Privacidad
MoodDJ no tiene servidor: sus autores nunca reciben tus datos. Solo habla con Spotify (inicio de sesión, tu biblioteca, la cola), ReccoBeats (identificadores de canciones de Spotify, para las características de audio) y, solo si añades tu propia clave de RapidAPI, SoundNet. Sin analítica, sin anuncios, sin rastreo, sin código remoto. La política completa: PRIVACY.md en el código fuente, y dentro de la extensión (Opciones → Tus datos).

Código fuente con licencia MIT.`,
  singlePurpose:
    'MoodDJ pone en cola música de la propia biblioteca de Spotify del usuario que encaja con el estado de ánimo leído en su cara. Todo sirve a eso: leer el ánimo en el dispositivo (cámara, modelo facial), conocer cómo suena la biblioteca (sincronización y características de audio), elegir y poner en cola las canciones, y mostrar qué hizo y por qué.',
  permissions: {
    offscreen:
      'Solo Chrome. La cámara y el modelo facial funcionan en un documento offscreen, para que el ánimo se siga leyendo mientras el usuario está en la pestaña de Spotify; el service worker de una extensión no puede abrir la cámara. El documento solo existe mientras la cámara está encendida.',
    storage:
      'Ajustes (rangos de cada estado, frecuencia de la cámara, modo del DJ, tiempo que se guarda el historial) y pequeños datos de interfaz, como si el panel está plegado, en el almacenamiento propio de la extensión en el dispositivo. Solo las páginas y el worker de MoodDJ tienen acceso; los content scripts no pueden leerlo.',
    alarms:
      'Acompasa la sincronización de la biblioteca y las consultas de características de audio a los límites de Spotify y ReccoBeats, vuelve a sincronizar la biblioteca de vez en cuando y borra el historial de ánimo y de reproducción más antiguo que el plazo que eligió el usuario.',
    identity:
      'Inicia la sesión del usuario en su propia cuenta de Spotify con el OAuth de Spotify (código de autorización con PKCE) mediante launchWebAuthFlow; MoodDJ nunca ve la contraseña.',
    idle: 'Apaga la cámara cuando el ordenador está inactivo o bloqueado, para que nunca siga mirando una silla vacía.',
  },
  hosts: {
    'https://accounts.spotify.com/*':
      'Inicio de sesión en Spotify (PKCE) y renovación del token, para la propia cuenta del usuario.',
    'https://api.spotify.com/*':
      'Lee las canciones guardadas del usuario, sus dispositivos y lo que suena; añade las canciones elegidas a la cola (o a una lista sin Premium).',
    'https://api.reccobeats.com/*':
      'Consulta características de audio (valencia, energía, tempo…) de identificadores de canciones de Spotify, 40 por petición; no se envía nada más.',
    'https://track-analysis.p.rapidapi.com/*':
      'Opcional, se pide solo cuando el usuario guarda su propia clave de RapidAPI: características de audio de SoundNet para las canciones que ReccoBeats no conoce, un identificador de Spotify por petición.',
    'https://open.spotify.com/*':
      'El content script: el panel de MoodDJ (ánimo, interruptor de la cámara, las canciones elegidas y por qué) se muestra sobre el reproductor web de Spotify. No lee de la página más que lo que suena y no guarda nada de ella.',
  },
  remoteCode:
    'No. Todo el código, el WASM y los modelos van dentro del paquete; la CSP rechaza cualquier otra cosa (incluidas las métricas de uso de MediaPipe).',
  chromeDataUse: [
    [
      'Información personal identificable',
      'No. Los fotogramas de la cámara se analizan en memoria en el dispositivo y se descartan; la calibración y los ejemplos personales (números derivados de la cara) se quedan en IndexedDB en el dispositivo y nunca se envían.',
    ],
    ['Información de salud', 'No.'],
    ['Información financiera y de pago', 'No.'],
    [
      'Información de autenticación',
      'Sí: los tokens de sesión de Spotify y, si el usuario la añade, su clave de RapidAPI. Se guardan en el dispositivo (IndexedDB, solo el segundo plano) y solo se envían al servicio al que pertenecen.',
    ],
    ['Comunicaciones personales', 'No.'],
    ['Ubicación', 'No.'],
    ['Historial web', 'No.'],
    [
      'Actividad del usuario',
      'Sí, en el dispositivo: las canciones que MoodDJ puso en cola o vio sonar, y los saltos, para el historial y para no repetirse. No se envían a ningún sitio.',
    ],
    [
      'Contenido de sitios web',
      'Sí, en el dispositivo: nombres de canciones y la biblioteca del usuario en Spotify. Los identificadores de canciones de Spotify van a ReccoBeats (y a SoundNet con la clave del usuario) para las características de audio.',
    ],
  ],
  certifications:
    'MoodDJ no vende datos de los usuarios, no los usa ni los transfiere para fines ajenos a su único propósito y no los usa ni los transfiere para evaluar la solvencia ni para préstamos.',
  firefoxData: `El manifiesto declara data_collection_permissions: { required: ["none"] }. Según la política de Mozilla, «transmisión de datos» es cualquier dato que se trate fuera del complemento o del navegador local, y la declaración nombra categorías de datos personales. Los autores de MoodDJ no reciben nada (no hay servidor). Lo que sale del navegador es la propia petición del usuario a servicios que él eligió: el token de OAuth vuelve a Spotify, que lo emitió; las lecturas de la biblioteca y las órdenes de la cola van a la propia cuenta de Spotify del usuario; los identificadores de canciones de Spotify van a ReccoBeats para las características de audio, y a SoundNet solo con la clave de RapidAPI del usuario. Nada de eso está en una categoría de la lista (ni información identificable, ni actividad de navegación, ni contenido de sitios o términos de búsqueda, ni ubicación, ni datos de salud o financieros; la cámara nunca sale del dispositivo). El único punto discutible es ReccoBeats: es un tercero que recibe automáticamente, durante la sincronización, los identificadores de las canciones guardadas del usuario. Si AMO considera esos identificadores datos personales, la declaración debe cambiar para nombrarlos.`,
};
