package fr.audience.generate;

import java.text.Normalizer;

/** French-looking article titles and reader comments, built from templates. */
final class Texts {
  private static final String[][] SUBJECTS = {
    {
      "Le gouvernement",
      "L'Assemblée nationale",
      "Le Sénat",
      "La Première ministre",
      "L'opposition",
      "Le président de la République"
    },
    {"L'Union européenne", "Washington", "Pékin", "L'ONU", "Berlin", "Le Parlement européen"},
    {
      "Le PSG",
      "L'OM",
      "Le XV de France",
      "Les Bleus",
      "Le Stade toulousain",
      "L'équipe de France de handball"
    },
    {
      "Le Festival de Cannes",
      "La Comédie-Française",
      "Le Louvre",
      "Un jeune romancier",
      "La scène rap française",
      "L'Opéra de Paris"
    },
    {
      "La Banque centrale européenne",
      "Le CAC 40",
      "L'Insee",
      "Les PME françaises",
      "Le marché immobilier",
      "Bercy"
    },
    {
      "Les glaciers alpins",
      "La biodiversité",
      "La filière éolienne",
      "Les agriculteurs bio",
      "Le littoral atlantique",
      "La COP"
    },
    {
      "Les enseignants",
      "Les étudiants",
      "L'hôpital public",
      "Les maires ruraux",
      "Les locataires",
      "La SNCF"
    },
    {
      "Le CNRS",
      "Une équipe de chercheurs",
      "L'Agence spatiale européenne",
      "L'Inserm",
      "Les astronomes",
      "Le CEA"
    }
  };
  private static final String[] VERBS = {
    "annonce", "dévoile", "remet en cause", "critique", "défend", "prépare", "accélère", "renonce à"
  };
  private static final String[] OBJECTS = {
    "une réforme très attendue", "un plan d'urgence", "la hausse des prix", "un nouveau calendrier",
    "des mesures inédites", "un accord historique", "le projet de loi de finances",
        "une saison décisive"
  };
  private static final String[] COMMENT_OPENERS = {
    "Merci pour cet article.", "Enfin un papier clair sur le sujet.", "Je ne suis pas d'accord.",
    "Article intéressant, mais incomplet.", "Quelle tristesse.", "Très bonne analyse."
  };
  private static final String[] COMMENT_BODIES = {
    "On oublie souvent les conséquences pour les plus modestes.",
    "Il faudrait interroger aussi les premiers concernés.",
    "Cela fait des années que l'on attend ces mesures.",
    "Les chiffres cités méritent d'être vérifiés.",
    "Je vis en région et la situation y est très différente.",
    "Bravo à la rédaction pour ce travail d'enquête."
  };

  private Texts() {}

  static String title(Rng rng, int section) {
    return rng.pick(SUBJECTS[section]) + " " + rng.pick(VERBS) + " " + rng.pick(OBJECTS);
  }

  static String comment(Rng rng) {
    return rng.pick(COMMENT_OPENERS) + " " + rng.pick(COMMENT_BODIES);
  }

  /** URL slug: accents stripped, lower case, words joined by dashes. */
  static String slug(String title) {
    String ascii = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return ascii.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }
}
